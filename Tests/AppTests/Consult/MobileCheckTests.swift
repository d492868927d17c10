import Domain
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// The code texted to a patient's mobile number after their request is stored, and the links that wait for it.
@Suite struct MobileCheckTests {
    static let send = "/request/\(TestWorld.codeA)/send"

    /// Sends the standard form; returns the code page's path (with its key) and the stored request.
    static func sendRequest(_ app: Application, _ patient: inout TestBrowser) async throws -> (String, TriageRequest) {
        let sent = try await patient.postMultipart(send) { PatientFormFill(screenedBy: app).apply(&$0) }
        #expect(sent.status == .seeOther)
        #expect(sent.location.contains("/mobile?k="), "\(sent.location)")
        let request = try #require(try await TriageRequest.query(on: app.db).filter(\.$givenName == "Pat").first())
        return (sent.location, request)
    }

    /// The latest code texted about `request`, read from the demo outbox's copy of the message.
    static func code(_ app: Application, _ request: TriageRequest) async throws -> String {
        let message = try #require(
            try await PatientMessage.query(on: app.db).filter(\.$request.$id == request.requireID()).sort(\.$createdAt, .descending).first())
        let match = try #require(message.body.firstMatch(of: /code is (\d{6})/))
        return String(match.1)
    }

    @Test func thePatientEntersTheCodeAndTheNumberIsConfirmed() async throws {
        try await withTestApp { app in
            // setup
            _ = try await TestWorld.make(on: app)
            var patient = TestBrowser(app)
            let (page, request) = try await Self.sendRequest(app, &patient)
            #expect(request.postcode?.text == "LS1 4AP" && request.sex == .female)
            #expect(request.mobileVerifiedAt == nil)
            let shown = try await patient.get(page)
            #expect(shown.status == .ok)
            #expect(shown.body.string.contains("ending in 123") && shown.body.string.contains(request.reference))
            let code = try await Self.code(app, request)
            let key = String(page.split(separator: "=").last ?? "")
            let path = String(page.split(separator: "?").first ?? "")
            // MUT
            let wrong = try await patient.post(path, form: ["k": key, "code": code == "000000" ? "000001" : "000000"])
            let right = try await patient.post(path, form: ["k": key, "code": code])
            // validate
            #expect(wrong.status == .unprocessableEntity && wrong.body.string.contains("4 tries left"))
            #expect(right.status == .seeOther && right.location.contains("/sent/\(request.reference)?k="))
            let stored = try #require(try await TriageRequest.find(request.id, on: app.db))
            #expect(stored.mobileVerified && stored.mobileVerifiedByID == nil)
            #expect(try await MobileCheck.query(on: app.db).count() == 0)
            // the code is not part of the conversation: it stays out of what is written to the record
            let messages = try await PatientMessage.query(on: app.db).filter(\.$request.$id == request.requireID()).all()
            #expect(messages.count == 1 && messages[0].purpose == .mobileCheck)
            let bundle = String(decoding: try WriteBackController.bundle(stored, messages: messages).encoded(), as: UTF8.self)
            #expect(!bundle.contains("Communication") && !bundle.contains(code))
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == AuditAction.mobileVerified.rawValue).count() == 1)
        }
    }

    @Test func fiveWrongCodesStopTheCodeAndANewCodeWorksUpToThree() async throws {
        try await withTestApp { app in
            // setup
            _ = try await TestWorld.make(on: app)
            var patient = TestBrowser(app)
            let (page, request) = try await Self.sendRequest(app, &patient)
            let key = String(page.split(separator: "=").last ?? "")
            let path = String(page.split(separator: "?").first ?? "")
            let first = try await Self.code(app, request)
            let wrongCode = first == "999999" ? "999998" : "999999"
            // MUT: five wrong, then the right one is refused
            for _ in 1...5 { _ = try await patient.post(path, form: ["k": key, "code": wrongCode]) }
            let tooLate = try await patient.post(path, form: ["k": key, "code": first])
            // validate
            #expect(tooLate.status == .unprocessableEntity && tooLate.body.string.contains("tried too many times"))
            // MUT: a new code, then another; a fourth is not sent
            let again = try await patient.post(SiteURL.requestMobileCode(ods: TestWorld.codeA, reference: request.reference).path, form: ["k": key])
            #expect(again.status == .ok && again.body.string.contains("A new code is on its way"))
            let second = try await Self.code(app, request)
            _ = try await patient.post(SiteURL.requestMobileCode(ods: TestWorld.codeA, reference: request.reference).path, form: ["k": key])
            let third = try await Self.code(app, request)
            let refused = try await patient.post(SiteURL.requestMobileCode(ods: TestWorld.codeA, reference: request.reference).path, form: ["k": key])
            #expect(refused.body.string.contains("as many codes as we can") && !refused.body.string.contains("Send a new code"))
            if second != third {
                let old = try await patient.post(path, form: ["k": key, "code": second])
                #expect(old.status == .unprocessableEntity, "only the newest code works")
            }
            let right = try await patient.post(path, form: ["k": key, "code": third])
            #expect(right.status == .seeOther)
            #expect(try await TriageRequest.find(request.id, on: app.db)?.mobileVerified == true)
        }
    }

    @Test func theCodePageNeedsTheFormsKeyAndTheRequestIsStoredWithoutTheCode() async throws {
        try await withTestApp { app in
            // setup
            _ = try await TestWorld.make(on: app)
            var patient = TestBrowser(app)
            let (page, request) = try await Self.sendRequest(app, &patient)
            let path = String(page.split(separator: "?").first ?? "")
            // MUT
            var strangerBrowser = TestBrowser(app)
            let stranger = try await strangerBrowser.get(path + "?k=not-the-key")
            let carryOn = try await patient.get(SiteURL.requestSent(ods: TestWorld.codeA, reference: request.reference).path + "?k=\(request.submissionKey)")
            // validate
            #expect(stranger.status == .notFound)
            #expect(carryOn.status == .ok && carryOn.body.string.contains("Request sent"))
            #expect(try await TriageRequest.find(request.id, on: app.db)?.mobileVerified == false, "stored, marked not confirmed")
        }
    }

    @Test func theCodeGoesThroughNotifyAndTheStoredMessageHoldsNoCode() async throws {
        let standIn = NotifyTransportTests.StandIn()
        let (notify, port) = try await NotifyTransportTests.startStandIn(standIn)
        try await NotifyTransportTests.using(notify) {
            try await withTestApp(config: try NotifyTransportTests.config(port: port)) { app in
                // setup
                _ = try await TestWorld.make(on: app)
                var patient = TestBrowser(app)
                // MUT
                let (_, request) = try await Self.sendRequest(app, &patient)
                // validate
                let sent = standIn.lock.withLock { standIn.received }
                #expect(sent.count == 1 && sent.first?.path == "/v2/notifications/sms")
                #expect(sent.first?.body["phone_number"] as? String == "+447700900123")
                let body = (sent.first?.body["personalisation"] as? [String: Any])?["body"] as? String ?? ""
                let code = try #require(body.firstMatch(of: /code is (\d{6})\./)?.1, "\(body)")
                let stored = try #require(try await PatientMessage.query(on: app.db).filter(\.$request.$id == request.requireID()).first())
                #expect(stored.body.contains("[code]") && !stored.body.contains(String(code)))
                let digest = try #require(try await MobileCheck.query(on: app.db).first()).codeDigest
                #expect(digest.count == 64 && !body.contains(digest))
            }
        }
    }
}
