import Domain
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// The nightly retention run removes exactly what is past its period, in batches, and records each run once.
@Suite struct RetentionTests {
    static let now = Date()
    static let day = 86_400.0

    /// A request closed `closedDaysAgo` days ago (open when nil), with one photo and one message.
    static func request(_ app: Application, _ world: TestWorld, closedDaysAgo: Double?, tag: String) async throws -> TriageRequest {
        let received = now.addingTimeInterval(-400 * day)
        let request = try await ActivityTests.request(
            app, practice: world.practiceA, received: received, outcome: closedDaysAgo == nil ? nil : .adviceGiven)
        request.closedAt = closedDaysAgo.map { now.addingTimeInterval(-$0 * day) }
        try await request.save(on: app.db)
        let photo = RequestPhoto(requestID: try request.requireID(), format: .png, bytes: TestImages.png, source: "request", at: received)
        try await photo.create(on: app.db)
        let message = PatientMessage()
        message.$request.id = try request.requireID()
        message.organisationID = world.practiceA
        message.direction = .outbound
        message.channel = .sms
        message.body = "Message \(tag)"
        message.status = .delivered
        message.createdAt = received
        try await message.create(on: app.db)
        return request
    }

    static func replyLink(_ app: Application, _ world: TestWorld, expiredDaysAgo: Double) async throws -> UUID {
        let link = ReplyLink()
        link.$request.id = world.requestA
        link.tokenDigest = SecretToken.digest(SecretToken.generate())
        link.createdAt = now.addingTimeInterval(-(expiredDaysAgo + 7) * day)
        link.expiresAt = now.addingTimeInterval(-expiredDaysAgo * day)
        link.failedAttempts = 0
        try await link.create(on: app.db)
        return try link.requireID()
    }

    static func video(_ app: Application, _ world: TestWorld, slotDaysAgo: Double) async throws -> UUID {
        let video = VideoConsultation(
            organisationID: world.practiceA, clinicianID: world.gpA.id, requestID: nil, patientName: "Vera Video",
            slotAt: now.addingTimeInterval(-slotDaysAgo * day),
            bookedByID: world.managerA.id, now: now.addingTimeInterval(-(slotDaysAgo + 1) * day))
        video.phoneNumber = "+447700900555"
        try await video.create(on: app.db)
        try await VideoLink(
            consultationID: try video.requireID(), tokenDigest: SecretToken.digest(SecretToken.generate()), participant: .patient,
            label: nil, now: now
        )
        .create(on: app.db)
        return try video.requireID()
    }

    @Test func theRunRemovesExactlyWhatIsPastItsPeriodAndRecordsIt() async throws {
        var config = TestDatabase.config()
        config.retention.batchSize = 2  // five past their period: three batches of each kind
        try await withTestApp(config: config) { app in
            // setup: defaults are 90 days for photos, 365 for message text, 30 for reply links, 90 for video details
            let world = try await TestWorld.make(on: app)
            var old: [TriageRequest] = []
            for index in 0..<5 { old.append(try await Self.request(app, world, closedDaysAgo: 400 + Double(index), tag: "old-\(index)")) }
            let recent = try await Self.request(app, world, closedDaysAgo: 89, tag: "recent")
            let photosOnly = try await Self.request(app, world, closedDaysAgo: 91, tag: "middle")
            let open = try await Self.request(app, world, closedDaysAgo: nil, tag: "open")
            var expired: [UUID] = []
            for index in 0..<5 { expired.append(try await Self.replyLink(app, world, expiredDaysAgo: 31 + Double(index))) }
            let stillKept = try await Self.replyLink(app, world, expiredDaysAgo: 29)
            let oldVideo = try await Self.video(app, world, slotDaysAgo: 91)
            let recentVideo = try await Self.video(app, world, slotDaysAgo: 89)
            // MUT
            let removed = try await RetentionRun.runAndRecord(app: app, now: Self.now)
            let again = try await RetentionRun.runAndRecord(app: app, now: Self.now)
            // validate: photos of the 5 old and the 91-day request; message text of the 5 old only
            #expect(removed == [.photos: 6, .messageBodies: 5, .replyLinks: 5, .videoDetails: 1])
            #expect(again == [.photos: 0, .messageBodies: 0, .replyLinks: 0, .videoDetails: 0])
            for request in old + [photosOnly] {
                #expect(try await RequestPhoto.query(on: app.db).filter(\.$request.$id == request.requireID()).count() == 0)
            }
            for request in [recent, open] {
                #expect(try await RequestPhoto.query(on: app.db).filter(\.$request.$id == request.requireID()).count() == 1)
            }
            #expect(try await RequestPhoto.find(world.photoA, on: app.db) != nil, "the open request's photo stays")
            let bodies = try await PatientMessage.query(on: app.db).all().map(\.body).sorted()
            #expect(bodies == ["Message middle", "Message open", "Message recent"] + Array(repeating: RetentionRun.removedText, count: 5))
            #expect(try await TriageRequest.query(on: app.db).count() == 9, "requests themselves stay")
            for id in expired { #expect(try await ReplyLink.find(id, on: app.db) == nil) }
            #expect(try await ReplyLink.find(stillKept, on: app.db) != nil)
            #expect(try await ReplyLink.query(on: app.db).count() == 2, "the world's live link and the 29-day one")
            let cleared = try #require(try await VideoConsultation.find(oldVideo, on: app.db))
            #expect(cleared.patientName == RetentionRun.removedText && cleared.phoneNumber == nil)
            #expect(try await VideoLink.query(on: app.db).filter(\.$consultationID == oldVideo).count() == 0)
            let kept = try #require(try await VideoConsultation.find(recentVideo, on: app.db))
            #expect(kept.patientName == "Vera Video" && kept.phoneNumber == "+447700900555")
            #expect(try await VideoLink.query(on: app.db).filter(\.$consultationID == recentVideo).count() == 1)
            let runs = try await AuditEvent.query(on: app.db).filter(\.$action == AuditAction.retentionRun.rawValue).sort(\.$id).all()
            #expect(
                runs.map(\.detail) == [
                    "photos=6 messageBodies=5 replyLinks=5 videoDetails=1", "photos=0 messageBodies=0 replyLinks=0 videoDetails=0",
                ])
        }
    }

    @Test func theAdminPageSaysWhatIsKeptHowLongAndWhatTheLastRunRemoved() async throws {
        try await withTestApp { app in
            // setup
            let world = try await TestWorld.make(on: app)
            _ = try await Self.replyLink(app, world, expiredDaysAgo: 45)
            try await RetentionRun.runAndRecord(app: app)
            var manager = try await TestBrowser.signedIn(app, personID: world.managerA.id)
            var gp = try await TestBrowser.signedIn(app, personID: world.gpA.id)
            // MUT
            let page = try await manager.get(SiteURL.retention.path)
            // validate
            #expect(page.status == .ok)
            let body = page.body.string
            #expect(body.contains("90 days after the request is closed"))
            #expect(body.contains("RETENTION_MESSAGE_BODIES_DAYS"))
            #expect(body.contains("reply links: 1"))
            #expect(!body.contains("Not yet run"))
            #expect(try await gp.get(SiteURL.retention.path).status == .forbidden)
        }
    }

    @Test func periodsComeFromTheEnvironmentWithinBounds() throws {
        let config = try RetentionConfig.fromEnvironment(["RETENTION_PHOTOS_DAYS": "30", "RETENTION_RUN_AT": "03:15"])
        #expect(config.policy.days(for: .photos) == 30 && config.policy.days(for: .replyLinks) == 30)
        #expect(config.schedule == NightlySchedule(hour: 3, minute: 15))
        #expect(throws: ConfigError.self) { try RetentionConfig.fromEnvironment(["RETENTION_PHOTOS_DAYS": "3"]) }
        #expect(throws: ConfigError.self) { try RetentionConfig.fromEnvironment(["RETENTION_RUN_AT": "25:00"]) }
    }
}
