import AsyncHTTPClient
import Domain
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import Testing
import Vapor

@testable import App

/// A browser that talks to the app over a real loopback connection, so that the app sees a peer address (the in-memory
/// tester has none), and sends `forwardedFor` as X-Forwarded-For as a proxy in front of the app would. Keeps cookies
/// and sends the CSRF field, like `TestBrowser`; follows no redirects.
struct LiveBrowser {
    /// One answer, read whole.
    struct Answer {
        var status: HTTPResponseStatus
        var headers: HTTPHeaders
        var body: String
        var location: String { headers.first(name: .location) ?? "" }
    }

    static let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))

    let port: Int
    var forwardedFor: String?
    var cookies: [String: String] = [SiteCookie.csrf: TestBrowser.csrf]

    init(port: Int, forwardedFor: String? = nil) {
        self.port = port
        self.forwardedFor = forwardedFor
    }

    mutating func get(_ path: String) async throws -> Answer {
        try await send(.GET, path, contentType: nil, body: nil)
    }

    /// The form token the site gave this browser (it changes at sign-in), as a page's forms carry it.
    var formToken: String { cookies[SiteCookie.csrf] ?? TestBrowser.csrf }

    /// Posts a form with the CSRF field.
    mutating func post(_ path: String, form: [String: String] = [:]) async throws -> Answer {
        var fields = form
        fields["csrf"] = cookies[SiteCookie.csrf] ?? TestBrowser.csrf
        return try await send(.POST, path, contentType: "application/x-www-form-urlencoded", body: Array(TestBrowser.encode(fields).utf8))
    }

    /// Posts a multipart form with the CSRF field.
    mutating func postMultipart(_ path: String, _ build: (inout MultipartBody) -> Void) async throws -> Answer {
        var body = MultipartBody()
        body.field("csrf", cookies[SiteCookie.csrf] ?? TestBrowser.csrf)
        build(&body)
        return try await send(.POST, path, contentType: body.contentType, body: body.bytes)
    }

    /// Both sign-in steps; returns the answer to the second.
    mutating func signIn(_ person: TestPerson, step: Int = 0) async throws -> Answer {
        let first = try await post("/login", form: ["email": person.email, "password": person.password])
        #expect(first.status == .seeOther, "password step for \(person.email): \(first.body)")
        return try await post("/login/second-factor", form: ["code": person.code(step: step)])
    }

    private mutating func send(_ method: HTTPMethod, _ path: String, contentType: String?, body: [UInt8]?) async throws -> Answer {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = method
        request.headers.add(name: "Cookie", value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        if let contentType { request.headers.add(name: "Content-Type", value: contentType) }
        if let forwardedFor { request.headers.add(name: "X-Forwarded-For", value: forwardedFor) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await Self.client.execute(request, timeout: .seconds(60))
        let bytes = try await response.body.collect(upTo: 8 << 20)
        for value in response.headers["Set-Cookie"] {
            let pair = value.split(separator: ";").first.map(String.init) ?? ""
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            cookies[parts[0]] = parts[1].isEmpty ? nil : parts[1]
        }
        return Answer(status: response.status, headers: response.headers, body: String(buffer: bytes))
    }
}

/// A clock the test moves by hand.
final class TestClock: Sendable {
    private let time: NIOLockedValueBox<Date>

    init(_ start: Date = Date()) {
        time = NIOLockedValueBox(start)
    }

    var now: Date { time.withLockedValue { $0 } }

    func advance(by seconds: TimeInterval) {
        time.withLockedValue { $0 = $0.addingTimeInterval(seconds) }
    }
}

extension ThrottleConfig {
    /// Limits no ordinary test reaches; tests of the throttle set small ones.
    static var generous: ThrottleConfig {
        var config = ThrottleConfig()
        let plenty = TokenBucket.Rule(capacity: 1_000_000, refillInterval: 1)
        config.requestsPerAddress = plenty
        config.requestsPerContact = plenty
        config.signInPerAddress = plenty
        config.signInPerAccount = plenty
        config.replyChecksPerAddress = plenty
        config.invitationsPerAddress = plenty
        return config
    }
}

/// A fresh application whose server listens on a free loopback port, with 127.0.0.1 as its trusted proxy (so that
/// each `LiveBrowser` names its client in X-Forwarded-For) unless `throttle` says otherwise, and the throttle on
/// `clock`. Shut down afterwards.
func withLiveTestApp<T>(
    clock: TestClock = TestClock(), throttle change: (inout ThrottleConfig) throws -> Void, _ body: (Application, Int) async throws -> T
) async throws -> T {
    var config = TestDatabase.config()
    config.throttle.trustedProxies = try TrustedProxies(parsing: "127.0.0.1")
    try change(&config.throttle)
    return try await withTestApp(config: config) { app in
        app.clientThrottle = ClientThrottle(maximumKeys: config.throttle.maximumKeys, clock: { clock.now })
        try await app.server.start(address: .hostname("127.0.0.1", port: 0))
        let port = try #require(app.http.server.shared.localAddress?.port)
        do {
            let result = try await body(app, port)
            await app.server.shutdown()
            return result
        } catch {
            await app.server.shutdown()
            throw error
        }
    }
}
