import Domain
import Fluent
import Foundation
import NIOPosix
import Testing
import VaporTesting

@testable import App

/// One test's world: practice A's only seat pointed at a fake VNC host, the app serving on a real port, gpA signed in.
final class GatewayRig {
    let app: Application
    let world: TestWorld
    let host: FakeVNCHost
    let port: Int
    var browser: TestBrowser
    /// Every response body the browser received, to look for what must not be there.
    private(set) var bodies: [String] = []

    init(app: Application, world: TestWorld, host: FakeVNCHost, port: Int, browser: TestBrowser) {
        self.app = app
        self.world = world
        self.host = host
        self.port = port
        self.browser = browser
    }

    /// What `POST /desktops/{pool}/ticket` answers.
    struct Ticket: Decodable {
        var path: String
        var seat: String

        var token: String { path.components(separatedBy: "ticket=").last ?? "" }
    }

    /// gpA opens practice A's pool (and gets its only seat), then asks for a ticket.
    func ticket() async throws -> Ticket {
        let pool = world.desktopPoolA
        let opened = try await post(SiteURL.desktopOpen(id: pool).path)
        #expect(opened.status == .seeOther, "open: \(opened.body.string)")
        let answer = try await post(SiteURL.desktopTicket(id: pool).path)
        #expect(answer.status == .ok, "ticket: \(answer.body.string)")
        return try JSONDecoder().decode(Ticket.self, from: Data(answer.body.readableBytesView))
    }

    func get(_ path: String) async throws -> TestingHTTPResponse {
        record(try await browser.get(path))
    }

    func post(_ path: String) async throws -> TestingHTTPResponse {
        record(try await browser.post(path))
    }

    /// Keeps `response`'s body for the checks of what must never be sent.
    @discardableResult
    func record(_ response: TestingHTTPResponse) -> TestingHTTPResponse {
        bodies.append(response.body.string)
        return response
    }

    /// A viewer's WebSocket to `path`, from this site's page unless `origin` says otherwise, with gpA's session
    /// unless `session` names another.
    func connect(_ path: String, session: String? = nil, origin: String? = nil) async throws -> TestWebSocket {
        let token = session ?? browser.cookies[SiteCookie.session] ?? ""
        return try await TestWebSocket.connect(
            host: "127.0.0.1", port: port, path: path,
            headers: [
                ("Host", "127.0.0.1:\(port)"), ("Origin", origin ?? "http://127.0.0.1:\(port)"),
                ("Cookie", "\(SiteCookie.session)=\(token)"),
            ],
            group: MultiThreadedEventLoopGroup.singleton)
    }

    func seat() async throws -> DesktopSeat {
        try #require(try await DesktopSeat.find(world.desktopSeatA, on: app.db))
    }
}

/// Runs `body` with a fake host (checking VncAuth against `hostPassword`; echoing unless `echo` is false), a fresh app
/// serving on 127.0.0.1, and practice A's seat pointed at the host, its pool's clipboard policy `clipboard`; stops the server, the app and the host afterwards.
func withGateway(
    hostPassword: String = TestWorld.desktopSecretA, clipboard: ClipboardPolicy = .off, echo: Bool = true,
    _ body: (GatewayRig) async throws -> Void
) async throws {
    let host = try await FakeVNCHost.start(password: hostPassword, echo: echo)
    do {
        try await withTestApp { app in
            let world = try await TestWorld.make(on: app)
            let seat = try #require(try await DesktopSeat.find(world.desktopSeatA, on: app.db))
            seat.vncPort = host.port
            try await seat.save(on: app.db)
            let pool = try #require(try await DesktopPool.find(world.desktopPoolA, on: app.db))
            pool.clipboard = clipboard
            try await pool.save(on: app.db)
            try await app.server.start(address: .hostname("127.0.0.1", port: 0))
            do {
                let port = try #require(app.http.server.shared.localAddress?.port)
                let browser = try await TestBrowser.signedIn(app, personID: world.gpA.id)
                try await body(GatewayRig(app: app, world: world, host: host, port: port, browser: browser))
            } catch {
                await app.server.shutdown()
                throw error
            }
            await app.server.shutdown()
        }
    } catch {
        try? await host.close()
        throw error
    }
    try await host.close()
}
