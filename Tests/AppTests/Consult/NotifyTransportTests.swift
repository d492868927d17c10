import Domain
import Fluent
import Foundation
import NIOConcurrencyHelpers
import Testing
import VaporTesting

@testable import App

/// The GOV.UK Notify transport against a local stand-in that speaks Notify's HTTP API.
@Suite struct NotifyTransportTests {
    static let serviceID = "26785a09-ab16-4eb0-8407-a37497a57506"
    static let secret = "3d844edf-8d35-48ac-975b-e847b4f122b0"
    static let apiKey = "surgery_test-\(serviceID)-\(secret)"

    /// What the stand-in saw, and what it should answer next.
    final class StandIn: @unchecked Sendable {
        let lock = NIOLock()
        var received: [(path: String, jwtProblem: String?, body: [String: Any])] = []
        var answers: [(HTTPStatus, String)] = []
        var status = "delivered"
    }

    /// Starts the stand-in on a free loopback port.
    static func startStandIn(_ standIn: StandIn) async throws -> (Application, Int) {
        let notify = try await Application.make(.testing)
        notify.logger.logLevel = .error
        notify.post("v2", "notifications", ":kind") { req async throws -> Response in
            let token = req.headers.bearerAuthorization?.token ?? ""
            var problem: String?
            do { try NotifyJWT.verify(token, secret: secret, serviceID: serviceID, now: Date()) } catch { problem = "\(error)" }
            let body = (try? JSONSerialization.jsonObject(with: Data(req.body.data.map { Array($0.readableBytesView) } ?? []))) as? [String: Any] ?? [:]
            let answer: (HTTPStatus, String) = standIn.lock.withLock {
                standIn.received.append((req.url.path, problem, body))
                return standIn.answers.isEmpty ? (.created, #"{"id":"740e5834-3a29-46b4-9a6f-16142fde533a","reference":null,"content":{},"uri":"x","template":{}}"#) : standIn.answers.removeFirst()
            }
            if problem != nil { return Response(status: .forbidden, body: .init(string: #"{"status_code":403,"errors":[{"error":"AuthError","message":"Invalid token"}]}"#)) }
            var headers = HTTPHeaders()
            headers.contentType = .json
            return Response(status: answer.0, headers: headers, body: .init(string: answer.1))
        }
        notify.get("v2", "notifications", ":id") { req async throws -> Response in
            var headers = HTTPHeaders()
            headers.contentType = .json
            return Response(status: .ok, headers: headers, body: .init(string: #"{"id":"\#(req.parameters.get("id") ?? "")","status":"\#(standIn.lock.withLock { standIn.status })"}"#))
        }
        try await notify.server.start(address: .hostname("127.0.0.1", port: 0))
        let port = try #require(notify.http.server.shared.localAddress?.port)
        return (notify, port)
    }

    /// Runs `body`, then stops the stand-in whatever happened.
    static func using(_ notify: Application, _ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch {
            await stop(notify)
            throw error
        }
        await stop(notify)
    }

    static func stop(_ notify: Application) async {
        await notify.server.shutdown()
        try? await notify.asyncShutdown()
    }

    static func config(port: Int) throws -> AppConfig {
        var config = TestDatabase.config()
        config.messaging = .notify(apiKey: try NotifyAPIKey(apiKey), baseURL: "http://127.0.0.1:\(port)", smsTemplateID: "sms-template", emailTemplateID: "email-template",
            staffEmailTemplateID: "staff-email-template")
        return config
    }

    @Test func dutyAlertsUseTheStaffEmailTemplateWhenOneIsNamedAndThePatientsOtherwise() throws {
        // setup
        let env = [
            "NOTIFY_API_KEY": Self.apiKey, "NOTIFY_SMS_TEMPLATE_ID": "sms", "NOTIFY_EMAIL_TEMPLATE_ID": "email",
            "NOTIFY_BASE_URL": "http://127.0.0.1:9/",
        ]
        // MUT
        let named = try AppConfig.fromEnvironment(env.merging(["NOTIFY_STAFF_EMAIL_TEMPLATE_ID": "staff"]) { $1 }).messaging
        let unnamed = try AppConfig.fromEnvironment(env).messaging
        // validate
        let key = try NotifyAPIKey(Self.apiKey)
        #expect(named == .notify(apiKey: key, baseURL: "http://127.0.0.1:9", smsTemplateID: "sms", emailTemplateID: "email", staffEmailTemplateID: "staff"))
        #expect(unnamed == .notify(apiKey: key, baseURL: "http://127.0.0.1:9", smsTemplateID: "sms", emailTemplateID: "email", staffEmailTemplateID: "email"))
    }

    @Test func aTooManyRequestsAnswerIsRetriedAndTheJWTHolds() async throws {
        let standIn = StandIn()
        standIn.answers = [(.tooManyRequests, #"{"status_code":429,"errors":[{"error":"RateLimitError","message":"Exceeded rate limit for key type LIVE of 3000 requests per 60 seconds"}]}"#)]
        let (notify, port) = try await Self.startStandIn(standIn)
        try await Self.using(notify) {
        try await withTestApp(config: try Self.config(port: port)) { app in
            let world = try await TestWorld.make(on: app)
            var staff = TestBrowser(app)
            try await staff.signIn(world.gpA)
            // MUT
            let sent = try await staff.post("/consult/requests/\(world.requestA)/message", form: ["channel": "sms", "body": "Hello ((name)), we have your request ((reference))."])
            // validate
            #expect(sent.status == .seeOther)
            let calls = standIn.lock.withLock { standIn.received }
            #expect(calls.count == 2)
            #expect(calls.allSatisfy { $0.path == "/v2/notifications/sms" && $0.jwtProblem == nil })
            #expect(calls.last?.body["phone_number"] as? String == "+447700900000")
            #expect(calls.last?.body["template_id"] as? String == "sms-template")
            #expect((calls.last?.body["personalisation"] as? [String: String])?["body"] == "Hello Wanda, we have your request \(world.requestReferenceA).")
            let message = try #require(try await PatientMessage.query(on: app.db).first())
            #expect(message.transport == "notify")
            // a reply link reaches Notify in full but the database keeps no token
            _ = try await staff.post("/consult/requests/\(world.requestA)/message", form: ["channel": "sms", "body": "Reply here: ((reply_link))"])
            let linkCall = try #require(standIn.lock.withLock { standIn.received.last })
            #expect(((linkCall.body["personalisation"] as? [String: String])?["body"] ?? "").contains("/reply/"))
            let stored = try await PatientMessage.query(on: app.db).sort(\.$createdAt, .descending).first()
            #expect(stored?.body == "Reply here: [reply link]")
            #expect(message.status == PatientMessage.Status.sending)
            // the delivery status is read back when staff open the request
            let page = try await staff.get("/consult/requests/\(world.requestA)")
            #expect(page.body.string.contains("delivered"))
            #expect(try await PatientMessage.find(message.id, on: app.db)?.status == PatientMessage.Status.delivered)
        }
        }
    }

    @Test func aPermanentFailureShowsOnTheRequest() async throws {
        let standIn = StandIn()
        standIn.answers = [(.badRequest, #"{"status_code":400,"errors":[{"error":"BadRequestError","message":"Can't send to this recipient using a team-only API key"}]}"#)]
        let (notify, port) = try await Self.startStandIn(standIn)
        try await Self.using(notify) {
        try await withTestApp(config: try Self.config(port: port)) { app in
            let world = try await TestWorld.make(on: app)
            var staff = TestBrowser(app)
            try await staff.signIn(world.gpA)
            _ = try await staff.post("/consult/requests/\(world.requestA)/message", form: ["channel": "email", "body": "Hello"])
            #expect(standIn.lock.withLock { standIn.received.count } == 1)
            let message = try #require(try await PatientMessage.query(on: app.db).first())
            #expect(message.status == PatientMessage.Status.permanentFailure)
            let page = try await staff.get("/consult/requests/\(world.requestA)")
            #expect(page.body.string.contains("team-only API key"))
            #expect(page.body.string.contains("permanent failure"))
        }
        }
    }
}
