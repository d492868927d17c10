import Domain
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// Claiming, updating, closing and writing back a request.
@Suite struct TriageTests {
    @Test func fiftyConcurrentClaimsHaveExactlyOneWinner() async throws {
        try await withTestApp { app in
            // setup: fifty colleagues at practice A, each signed in
            let world = try await TestWorld.make(on: app)
            let period = try EngagementPeriod(starts: CalendarDay(Date()).adding(days: -1), ends: nil)
            var browsers: [TestBrowser] = []
            for index in 0..<50 {
                let person = Person(name: "Receptionist \(index)", email: "r\(index)@a.test")
                try await person.create(on: app.db)
                try await Engagement(personID: person.requireID(), organisationID: world.practiceA, role: .receptionist, kind: .permanent, period: period).create(on: app.db)
                browsers.append(try await TestBrowser.signedIn(app, personID: person.requireID()))
            }
            let path = "/consult/requests/\(world.requestA)/claim"
            // MUT
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for browser in browsers {
                    group.addTask {
                        var browser = browser
                        return try await browser.post(path).status
                    }
                }
                return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
            }
            // validate
            #expect(statuses.filter { $0 == .seeOther }.count == 1)
            #expect(statuses.filter { $0 == .conflict }.count == 49)
            let request = try #require(try await TriageRequest.find(world.requestA, on: app.db))
            #expect(request.assigneeID != nil)
            #expect(request.status == TriageStatus.inTriage)
            let claims = try await AuditEvent.query(on: app.db).filter(\.$action == AuditAction.requestClaimed.rawValue).count()
            #expect(claims == 1)
        }
    }

    @Test func aBrokenReplyPromiseShowsOnTheQueue() async throws {
        try await withTestApp { app in
            let world = try await TestWorld.make(on: app)
            var staff = TestBrowser(app)
            try await staff.signIn(world.gpA)
            #expect(!(try await staff.get("/consult").body.string.contains("Overdue")))
            let request = try #require(try await TriageRequest.find(world.requestA, on: app.db))
            request.replyBy = Date().addingTimeInterval(-60)
            try await request.save(on: app.db)
            #expect(try await staff.get("/consult").body.string.contains("Overdue"))
        }
    }

    @Test func viewingARequestIsAudited() async throws {
        try await withTestApp { app in
            let world = try await TestWorld.make(on: app)
            var staff = TestBrowser(app)
            try await staff.signIn(world.gpA)
            let page = try await staff.get("/consult/requests/\(world.requestA)")
            #expect(page.status == .ok)
            #expect(page.body.string.contains("Marker-A cough"))
            let photo = try await staff.get("/consult/requests/\(world.requestA)/photos/\(world.photoA)")
            #expect(photo.headers.first(name: .contentType) == "image/png")
            let reads = try await AuditEvent.query(on: app.db).filter(\.$recordID == world.requestReferenceA).all().map(\.action)
            #expect(reads.contains(AuditAction.requestViewed.rawValue))
            #expect(reads.contains(AuditAction.requestPhotoViewed.rawValue))
        }
    }

    @Test func aRequestMovesOnlyAlongTheAllowedStatuses() async throws {
        try await withTestApp { app in
            let world = try await TestWorld.make(on: app)
            var staff = TestBrowser(app)
            try await staff.signIn(world.gpA)
            let base = "/consult/requests/\(world.requestA)"
            // closing before anyone has it is refused with a reason
            let early = try await staff.post("\(base)/close", form: ["outcome": "adviceGiven"])
            #expect(early.status == .unprocessableEntity)
            #expect(early.body.string.contains("Claim the request before closing it"))
            #expect(try await staff.post("\(base)/claim").status == .seeOther)
            let booked = try await staff.post("\(base)/update", form: ["status": "booked"])
            #expect(booked.status == .unprocessableEntity)
            #expect(booked.body.string.contains("video, phone or face to face"))
            #expect(try await staff.post("\(base)/update", form: ["status": "booked", "bookingMode": "phone", "urgency": "today"]).status == .seeOther)
            let noted = try await staff.post("\(base)/note", form: ["note": "Called, no answer."])
            #expect(noted.status == .seeOther && noted.location == "\(base)?done=note#confirmation")
            let confirmed = try await staff.get(noted.location).body.string
            #expect(confirmed.contains(#"id="confirmation" role="status">Your note is added.</p>"#))
            #expect(!(try await staff.get(base).body.string.contains("confirmation")), "said once, after the action")
            #expect(try await staff.post("\(base)/close", form: ["outcome": "appointmentBooked", "outcomeNote": "Seen by phone."]).status == .seeOther)
            let request = try #require(try await TriageRequest.find(world.requestA, on: app.db))
            #expect(request.status == .closed)
            #expect(request.bookingMode == BookingMode.phone)
            #expect(request.priority == TriageRequest.priority(redFlagged: false, urgency: .today))
            let reopened = try await staff.post("\(base)/update", form: ["status": "inTriage"])
            #expect(reopened.status.code >= 400 && reopened.status.code < 500)
        }
    }

    @Test func aClosedRequestWritesBackASummaryAndAFHIRBundleWhoseReferencesResolve() async throws {
        try await withTestApp { app in
            let world = try await TestWorld.make(on: app)
            var staff = TestBrowser(app)
            try await staff.signIn(world.gpA)
            let base = "/consult/requests/\(world.requestA)"
            #expect(try await staff.get("\(base)/summary.txt").status == .conflict)
            _ = try await staff.post("\(base)/claim")
            _ = try await staff.post("\(base)/close", form: ["outcome": "selfCare", "outcomeNote": "Fluids and rest."])
            // MUT
            let summary = try await staff.get("\(base)/summary.txt")
            let fhir = try await staff.get("\(base)/fhir.json")
            // validate
            #expect(summary.status == .ok)
            #expect(summary.body.string.contains(world.requestReferenceA))
            #expect(summary.body.string.contains("Fluids and rest."))
            let photos = try await RequestPhoto.query(on: app.db).filter(\.$request.$id == world.requestA).count()
            #expect(photos > 0 && summary.body.string.contains("Photos: \(photos) sent by the patient"), "the record is told of the photos")
            #expect(fhir.status == .ok)
            let bundle = try FHIRBundle.decode(Data(fhir.body.readableBytesView))
            let fullURLs = Set(bundle.entry.map(\.fullUrl))
            let json = try JSONSerialization.jsonObject(with: Data(fhir.body.readableBytesView))
            let references = Self.references(in: json)
            #expect(!references.isEmpty)
            #expect(references.isSubset(of: fullURLs), "unresolved: \(references.subtracting(fullURLs))")
            #expect(Set(bundle.entry.map(\.resource.resourceType)).isSuperset(of: ["Patient", "Encounter", "QuestionnaireResponse"]))
            #expect(fhir.body.string.contains("9990000018"))
            var headers = HTTPHeaders()
            headers.bearerAuthorization = .init(token: world.apiTokenA.secret)
            let api = try await app.testing().sendRequest(.GET, "/api/v1/requests/\(world.requestA)/fhir", headers: headers)
            #expect(api.status == .ok)
        }
    }

    static func references(in value: Any) -> Set<String> {
        if let object = value as? [String: Any] {
            var found = Set<String>()
            for (key, inner) in object {
                if key == "reference", let text = inner as? String { found.insert(text) } else { found.formUnion(references(in: inner)) }
            }
            return found
        }
        if let array = value as? [Any] { return array.reduce(into: Set<String>()) { $0.formUnion(references(in: $1)) } }
        return []
    }

    @Test func routingToAHubHandsTheRequestOver() async throws {
        try await withTestApp { app in
            let world = try await TestWorld.make(on: app)
            let hub = Organisation(odsCode: "Y09001", name: "Test Hub", kind: .hub, parentID: world.commissioner)
            try await hub.create(on: app.db)
            try await SharingAgreement(providerID: hub.requireID(), practiceID: world.practiceA, period: try EngagementPeriod(starts: CalendarDay(Date()).adding(days: -1), ends: nil), purpose: "Extended access").create(on: app.db)
            let hubGP = Person(name: "Hub GP", email: "gp@hub.test")
            try await hubGP.create(on: app.db)
            try await Engagement(personID: hubGP.requireID(), organisationID: hub.requireID(), role: .gp, kind: .permanent, period: try EngagementPeriod(starts: CalendarDay(Date()).adding(days: -1), ends: nil)).create(on: app.db)
            var manager = TestBrowser(app)
            try await manager.signIn(world.managerA)
            let refused = try await manager.post("/consult/requests/\(world.requestA)/route", form: ["organisation": TestWorld.codeB])
            #expect(refused.status == .unprocessableEntity)
            #expect(try await manager.post("/consult/requests/\(world.requestA)/route", form: ["organisation": "Y09001"]).status == .seeOther)
            var hubBrowser = try await TestBrowser.signedIn(app, personID: hubGP.requireID())
            #expect(try await hubBrowser.get("/consult").body.string.contains(world.requestReferenceA))
            #expect(try await hubBrowser.get("/consult/requests/\(world.requestA)").status == .ok)
        }
    }

    @Test func makingARequestUrgentPromisesAReplyTheSameDayAndRoutingWorksItOutAgain() async throws {
        try await withTestApp { app in
            // setup: practice A's request, received with the routine promise
            let world = try await TestWorld.make(on: app)
            let request = try #require(try await TriageRequest.find(world.requestA, on: app.db))
            request.receivedAt = Date().addingTimeInterval(-600)
            request.replyBy = PracticeCapacity.typicalPractice.replyBy(receivedAt: request.receivedAt)
            try await request.save(on: app.db)
            var manager = TestBrowser(app)
            try await manager.signIn(world.managerA)
            // MUT
            let made = try await manager.post("/consult/requests/\(world.requestA)/update", form: ["urgency": "today"])
            // validate: by the close of the day it is open (today, or the next day it opens), never later than before
            #expect(made.status == .seeOther)
            let urgent = try #require(try await TriageRequest.find(world.requestA, on: app.db))
            let capacity = PracticeCapacity.typicalPractice.with(bankHolidays: app.bankHolidays, closures: [])
            let expected = capacity.replyBy(receivedAt: Date(), urgency: .today)
            #expect(abs(urgent.replyBy.timeIntervalSince(expected)) < 120)
            #expect(urgent.replyBy <= request.replyBy)
            let audit = try await AuditEvent.query(on: app.db).filter(\.$action == AuditAction.requestChanged.rawValue).all()
            #expect(audit.contains { $0.detail.contains("urgency today") && $0.detail.contains("reply promised by") })
            // back to routine: the practice's usual promise from when it arrived
            _ = try await manager.post("/consult/requests/\(world.requestA)/update", form: ["urgency": "routine"])
            let routine = try #require(try await TriageRequest.find(world.requestA, on: app.db))
            #expect(routine.replyBy == capacity.replyBy(receivedAt: routine.receivedAt))
        }
    }

    @Test func theQueueCountsEachOpenStatusOfItsOwnRequestsOnly() async throws {
        try await withTestApp { app in
            // setup: A's request in triage, a new one sent to A, one sent to B, and one of A's closed
            let world = try await TestWorld.make(on: app)
            let inTriage = try #require(try await TriageRequest.find(world.requestA, on: app.db))
            inTriage.status = .inTriage
            try await inTriage.save(on: app.db)
            var patient = TestBrowser(app)
            for (code, fill) in [(TestWorld.codeA, PatientFormFill(screenedBy: app)), (TestWorld.codeB, PatientFormFill(screenedBy: app, practice: TestWorld.codeB))] {
                #expect(try await patient.postMultipart(SiteURL.requestSend(ods: code).path) { fill.apply(&$0) }.status == .seeOther)
            }
            let closed = PatientFormFill(screenedBy: app)
            _ = try await patient.postMultipart(SiteURL.requestSend(ods: TestWorld.codeA).path) { closed.apply(&$0) }
            let toClose = try #require(try await TriageRequest.query(on: app.db).filter(\.$submissionKey == closed.submission).first())
            toClose.status = .closed
            try await toClose.save(on: app.db)
            var manager = TestBrowser(app)
            try await manager.signIn(world.managerA)
            // MUT
            let page = try await manager.get(SiteURL.consult.path).body.string
            // validate
            for line in ["New: 1<", "In triage: 1<", "Waiting for patient: 0<", "Booked: 0<"] { #expect(page.contains(line), "\(line)") }
        }
    }
}
