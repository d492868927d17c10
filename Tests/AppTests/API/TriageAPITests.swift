import Domain
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// The requests API says what the 2026 rules added to a request (who it is for, the channel, the screen's version,
/// postcode, sex, whether the identity and the mobile are verified), and an urgency changed through it makes a new
/// promise, as on the request's page.
@Suite struct TriageAPITests {
    /// GET /api/v1/requests/{id} as practice A's token, decoded.
    static func read(_ id: UUID, app: Application, token: String) async throws -> [String: Any] {
        var headers = HTTPHeaders()
        headers.bearerAuthorization = .init(token: token)
        let response = try await app.testing().sendRequest(.GET, "/api/v1/requests/\(id)", headers: headers)
        #expect(response.status == .ok, "\(response.body.string)")
        return try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
    }

    @Test func aRequestReadsWithWhoItIsForTheScreenAndTheIdentityChecks() async throws {
        try await withTestApp { app in
            // setup: a parent's request for their child, sent through the patient form
            let world = try await TestWorld.make(on: app)
            var fill = PatientFormFill(screenedBy: app)
            fill.fields["subject"] = "child"
            var patient = TestBrowser(app)
            #expect(try await patient.postMultipart(SiteURL.requestSend(ods: TestWorld.codeA).path) { fill.apply(&$0) }.status == .seeOther)
            let stored = try #require(try await TriageRequest.query(on: app.db).filter(\.$submissionKey == fill.submission).first())
            // MUT
            let body = try await Self.read(stored.requireID(), app: app, token: world.apiTokenA.secret)
            // validate
            #expect(body["subject"] as? String == "child")
            #expect(body["channel"] as? String == "proxy")
            #expect(body["screenVersion"] as? String == app.redFlagSet.version)
            #expect(body["receivedWhileClosed"] as? Bool == stored.receivedWhileClosed)
            let person = try #require(body["patient"] as? [String: Any])
            #expect(person["postcode"] as? String == "LS1 4AP")
            #expect(person["sex"] as? String == "female")
            #expect(person["mobileVerified"] as? Bool == false)
            #expect(person["identityConfirmedAt"] == nil)  // left out while not verified
            // once staff confirm the patient against the record, the API says when
            stored.identityConfirmedAt = Date()
            try await stored.save(on: app.db)
            let confirmed = try await Self.read(stored.requireID(), app: app, token: world.apiTokenA.secret)
            #expect((confirmed["patient"] as? [String: Any])?["identityConfirmedAt"] is String)
        }
    }

    @Test func anUrgencyChangedThroughTheAPIMakesANewPromiseAndSaysSoInTheAudit() async throws {
        try await withTestApp { app in
            // setup: practice A's request, received ten minutes ago with the routine promise
            let world = try await TestWorld.make(on: app)
            let request = try #require(try await TriageRequest.find(world.requestA, on: app.db))
            request.receivedAt = Date().addingTimeInterval(-600)
            request.replyBy = PracticeCapacity.typicalPractice.replyBy(receivedAt: request.receivedAt)
            try await request.save(on: app.db)
            var headers = HTTPHeaders()
            headers.bearerAuthorization = .init(token: world.apiTokenA.secret)
            headers.contentType = .json
            // MUT
            let response = try await app.testing().sendRequest(
                .PATCH, "/api/v1/requests/\(world.requestA)", headers: headers, body: .init(string: #"{"urgency":"today"}"#))
            // validate: promised by the close of the day it is open, the answer and the audit saying so
            #expect(response.status == .ok, "\(response.body.string)")
            let urgent = try #require(try await TriageRequest.find(world.requestA, on: app.db))
            let capacity = PracticeCapacity.typicalPractice.with(bankHolidays: app.bankHolidays, closures: [])
            #expect(abs(urgent.replyBy.timeIntervalSince(capacity.replyBy(receivedAt: Date(), urgency: .today))) < 120)
            #expect(urgent.replyBy <= request.replyBy)
            let audit = try await AuditEvent.query(on: app.db).filter(\.$action == AuditAction.apiRead.rawValue).all()
            #expect(audit.contains { $0.detail.contains("urgency today") && $0.detail.contains("reply promised by") })
            // the same urgency again changes nothing
            _ = try await app.testing().sendRequest(
                .PATCH, "/api/v1/requests/\(world.requestA)", headers: headers, body: .init(string: #"{"urgency":"today"}"#))
            #expect(try await TriageRequest.find(world.requestA, on: app.db)?.replyBy == urgent.replyBy)
        }
    }
}
