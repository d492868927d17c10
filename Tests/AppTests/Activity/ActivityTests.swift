import Domain
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// The monthly activity figures from the database: a practice's own month, a commissioner's practices side by side,
/// the CSV and the API, each read audited; the form's counts; and who may not see them.
@Suite struct ActivityTests {
    static let november = ActivityMonth("2026-11")!

    /// `day` November 2026 at `hour`:`minute` UK time (GMT in November, so UTC too).
    static func at(_ day: Int, _ hour: Int, _ minute: Int = 0) -> Date {
        CalendarDay(year: 2026, month: 11, day: day)!.startOfDay().addingTimeInterval(Double(hour * 3600 + minute * 60))
    }

    /// Stores a request as the intake would, claimed `claimedAfter` seconds after it arrived if given.
    @discardableResult
    static func request(
        _ app: Application, practice: UUID, received: Date, kind: RequestKind = .medical, topic: AdminTopic? = nil,
        channel: RequestChannel = .patient, urgency: Urgency = .routine, flagged: Bool = false, claimedAfter: TimeInterval? = nil,
        outcome: Outcome? = nil
    ) async throws -> TriageRequest {
        let request = TriageRequest()
        request.reference = TriageRequestIntake.newReference()
        request.submissionKey = SecretToken.generate()
        request.kind = kind
        request.adminTopic = topic
        request.channel = channel
        request.subject = .me
        request.description = "Activity test"
        request.redFlags = StoredList(flagged ? [RedFlag.chestPain] : [])
        request.redFlagged = flagged
        request.urgency = urgency
        request.priority = TriageRequest.priority(redFlagged: flagged, urgency: urgency)
        request.status = outcome == nil ? .new : .closed
        request.outcome = outcome
        request.receivedAt = received
        request.replyBy = received.addingTimeInterval(86_400)
        request.receivedWhileClosed = false
        request.claimedAt = claimedAfter.map { received.addingTimeInterval($0) }
        request.givenName = "Ada"
        request.familyName = "Activity"
        request.dateOfBirth = CalendarDay("1980-01-01")!
        request.contactPreference = .sms
        request.practiceID = practice
        request.handlerID = practice
        try await request.create(on: app.db)
        return request
    }

    /// Practice A's November: a medical request claimed after 10 minutes, a repeat prescription first changed (by the
    /// audit trail) after 30, an admin request by a proxy nobody has triaged, one request on 31 October, a red-flag
    /// advice page shown twice and a throttled form, and a 12-minute video call; practice B has one request.
    static func november(_ app: Application, _ world: TestWorld) async throws {
        try await request(
            app, practice: world.practiceA, received: at(2, 9), urgency: .today, flagged: true, claimedAfter: 600, outcome: .adviceGiven)
        let medication = try await request(app, practice: world.practiceA, received: at(2, 10), kind: .admin, topic: .repeatPrescription)
        try await app.auditTrail.append(
            AuditRecord(
                action: .requestChanged, actorID: world.gpA.id, organisationID: world.practiceA, recordType: "triage_request",
                recordID: medication.reference, detail: "urgency"),
            on: app.db, now: at(2, 10, 30))
        try await request(app, practice: world.practiceA, received: at(3, 11), kind: .admin, topic: .fitNote, channel: .proxy)
        try await request(app, practice: world.practiceA, received: Date(timeIntervalSince1970: at(1, 0).timeIntervalSince1970 - 1800))
        try await request(app, practice: world.practiceB, received: at(5, 9))
        for _ in 0..<2 { try await RequestFormTally.count(.adviceShown, practiceID: world.practiceA, now: at(2, 8), on: app.db) }
        try await RequestFormTally.count(.throttled, practiceID: world.practiceA, now: at(2, 8), on: app.db)
        let video = VideoConsultation(
            organisationID: world.practiceA, clinicianID: world.gpA.id, requestID: nil, patientName: "Ada Activity", slotAt: at(4, 14),
            bookedByID: world.managerA.id, now: at(3, 9))
        video.set(.inCall, at: at(4, 14, 2))
        video.set(.ended(.adviceGiven), at: at(4, 14, 14))
        try await video.create(on: app.db)
    }

    @Test func aPracticeManagerSeesTheirMonthAndTheReadIsAudited() async throws {
        try await withTestApp { app in
            // setup
            let world = try await TestWorld.make(on: app)
            try await Self.november(app, world)
            var manager = try await TestBrowser.signedIn(app, personID: world.managerA.id)
            // MUT
            let page = try await manager.get(SiteURL.activity.path + "?month=2026-11")
            // validate
            #expect(page.status == .ok)
            let body = page.body.string
            #expect(body.contains("Online and video consultation activity: November 2026"))
            #expect(body.contains("Clinical 1, Medication 1, Admin 1"))
            #expect(body.contains("Patient 2, Proxy (parent or carer) 1"))
            #expect(body.contains("median 20 min, 90th percentile 30 min (2 triaged, 1 not yet)"))
            #expect(body.contains("advice shown 2 times; 1 requests sent after it"))
            #expect(body.contains("0 refused while closed; 1 throttled"))
            #expect(body.contains("1 booked, 1 held, median length 12 min"))
            #expect(!body.contains("Practice Beta"))
            let audit = try #require(
                try await AuditEvent.query(on: app.db).filter(\.$action == AuditAction.activityExported.rawValue).first())
            #expect(
                audit.detail == "page: \(TestWorld.codeA)" && audit.recordID == "2026-11" && audit.actorID == world.managerA.id.uuidString)
        }
    }

    @Test func aCommissionerSeesTheirPracticesSideBySideAndDownloadsTheCSV() async throws {
        try await withTestApp { app in
            // setup
            let world = try await TestWorld.make(on: app)
            try await Self.november(app, world)
            var lead = try await TestBrowser.engaged(
                app, name: "Cara Commissioner", email: "cara@99x.test", at: world.commissioner, as: .commissionerITLead)
            // MUT
            let page = try await lead.get(SiteURL.activity.path + "?month=2026-11")
            let csv = try await lead.get(SiteURL.activityCSV.path + "?month=2026-11")
            let other = try await lead.get(SiteURL.activity.path + "?month=2026-11&org=\(TestWorld.codeD)")
            let badMonth = try await lead.get(SiteURL.activity.path + "?month=November")
            // validate
            #expect(page.status == .ok)
            #expect(page.body.string.contains("id=\"activity-practices\"") && page.body.string.contains("<svg"))
            #expect(page.body.string.contains("Practice Alpha") && page.body.string.contains("Practice Beta"))
            #expect(!page.body.string.contains("Practice Delta"))
            #expect(csv.status == .ok)
            #expect(csv.headers.contentType?.subType == "csv")
            #expect(csv.headers.first(name: .contentDisposition)?.contains("activity-99X-2026-11.csv") == true)
            let lines = csv.body.string.components(separatedBy: "\r\n").filter { !$0.isEmpty }
            #expect(lines.count == 1 + 2 * 31)
            #expect(lines.contains { $0.hasPrefix("\(TestWorld.codeA),Practice Alpha,total,3,1,1,1,2,1,0,2,0,1,2,1,20,30,") })
            #expect(lines.contains { $0.hasPrefix("\(TestWorld.codeB),Practice Beta,total,1,") })
            #expect(other.status == .notFound)
            #expect(badMonth.status == .unprocessableEntity)
            let details = try await AuditEvent.query(on: app.db).filter(\.$action == AuditAction.activityExported.rawValue).all().map(
                \.detail)
            #expect(details.contains("csv: \(TestWorld.codeA) \(TestWorld.codeB)"))
        }
    }

    @Test func theAPIAnswersForTheTokensPracticeAndIsAudited() async throws {
        try await withTestApp { app in
            // setup
            let world = try await TestWorld.make(on: app)
            try await Self.november(app, world)
            var headers = HTTPHeaders()
            headers.bearerAuthorization = .init(token: world.apiTokenA.secret)
            // MUT
            let response = try await app.testing().sendRequest(.GET, "/api/v1/activity?month=2026-11", headers: headers)
            let bad = try await app.testing().sendRequest(.GET, "/api/v1/activity?month=2026-13", headers: headers)
            // validate
            #expect(response.status == .ok)
            let body = try response.content.decode(ActivityAPIController.Body.self)
            #expect(body.month == "2026-11")
            #expect(body.practices.map(\.odsCode) == [TestWorld.codeA])
            let total = try #require(body.practices.first?.total)
            #expect(total.requests == 3 && total.types == ["clinical": 1, "medication": 1, "admin": 1])
            #expect(total.channels["proxy"] == 1 && total.untriaged == 1)
            #expect(total.medianMinutesToFirstTriage == 20 && total.p90MinutesToFirstTriage == 30)
            #expect(total.redFlagAdviceShown == 2 && total.sentAfterAdvice == 1 && total.throttled == 1)
            #expect(total.videoBooked == 1 && total.videoHeld == 1 && total.videoMedianMinutes == 12)
            #expect(body.practices.first?.days.count == 30)
            #expect(body.practices.first?.days[1].requests == 2)
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.headers.contentType?.description.contains("problem+json") == true)
            let audit = try await AuditEvent.query(on: app.db).filter(\.$action == AuditAction.activityExported.rawValue).all()
            #expect(audit.count == 1 && audit[0].detail.hasSuffix(": \(TestWorld.codeA)"))
        }
    }

    @Test func theRedFlagAdviceShownIsCountedForThePracticeToday() async throws {
        try await withTestApp { app in
            // setup
            let world = try await TestWorld.make(on: app)
            var patient = TestBrowser(app)
            // MUT: chest pain on the first screen, twice
            let advice = try await RedFlagScreenTests.walk(&patient, .me, ticks: [0: [.chestPain]])
            _ = try await RedFlagScreenTests.walk(&patient, .me, ticks: [0: [.chestPain]])
            // validate
            #expect(advice.status == .ok && advice.body.string.contains("Call 999 now"))
            let tally = try #require(try await RequestFormTally.query(on: app.db).filter(\.$practiceID == world.practiceA).first())
            #expect(tally.adviceShown == 2 && tally.refused == 0 && tally.throttled == 0)
            #expect(tally.day == CalendarDay(Date()))
        }
    }

    @Test func aGPAndAReceptionistMayNotSeeTheFigures() async throws {
        try await withTestApp { app in
            let world = try await TestWorld.make(on: app)
            var gp = try await TestBrowser.signedIn(app, personID: world.gpA.id)
            var reception = try await TestBrowser.engaged(
                app, name: "Rita Reception", email: "rita@a.test", at: world.practiceA, as: .receptionist)
            #expect(try await gp.get(SiteURL.activity.path).status == .forbidden)
            #expect(try await reception.get(SiteURL.activityCSV.path).status == .forbidden)
        }
    }
}
