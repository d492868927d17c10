import AsyncHTTPClient
import Fluent
import Foundation
import NIOConcurrencyHelpers
import Testing
import Vapor

@testable import App

/// Shutdown waits for the requests still being answered before the database goes: Vapor stops its HTTP server (which
/// lets handlers run on after closing their connections) and its databases in no set order, and a handler that then
/// reached for the database crashed the server.
@Suite struct RequestsInFlightTests {
    @Test func aRequestStillBeingAnsweredReadsTheDatabaseAfterTheServerHasStopped() async throws {
        // setup: a page held until the test lets it go, which then reads the database; the server gives up waiting for
        // its connections 2 s after it stops (10 s by default), as it does when a handler waits on the database (its
        // listening socket closes at once; a shorter limit may end before that has, which Vapor asserts against)
        let config = TestDatabase.config()
        let app = try await makeTestApp(config: config)
        let (gate, open) = AsyncStream<Void>.makeStream()
        let counted = NIOLockedValueBox<Result<Int, any Error>?>(nil)
        app.get("held") { req async throws -> String in
            for await _ in gate { break }
            do {
                let organisations = try await Organisation.query(on: req.db).count()
                counted.withLockedValue { $0 = .success(organisations) }
                return "\(organisations)"
            } catch {
                counted.withLockedValue { $0 = .failure(error) }
                throw error
            }
        }
        app.http.server.configuration.shutdownTimeout = .seconds(2)
        try await app.server.start(address: .hostname("127.0.0.1", port: 0))
        let port = try #require(app.http.server.shared.localAddress?.port)
        let held = Task { try? await HTTPClient.shared.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)/held"), timeout: .seconds(120)) }
        let requests = app.requestsInFlight
        try await Self.eventually(seconds: 60) { requests.current == 1 }

        // MUT: shutdown begins while the request is held; it is let go once the server takes no more requests
        let shutdown = Task { try await app.asyncShutdown() }
        try await Self.eventually(seconds: 120) { !(await Self.answers(port: port)) }
        open.yield()
        try await shutdown.value
        _ = await held.value

        // validate: the handler read the database, and nothing is left being answered
        let result = try #require(counted.withLockedValue { $0 })
        #expect(throws: Never.self) { try result.get() }
        #expect(requests.current == 0)
        // the app is shut down: its files go (a PostgreSQL test schema is left in the throwaway cluster)
        if case .sqliteFile(let path) = config.database {
            for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        if let checkpoints = config.auditCheckpoints.path { try? FileManager.default.removeItem(atPath: checkpoints) }
    }

    /// Whether the server at `port` still answers.
    static func answers(port: Int) async -> Bool {
        do {
            _ = try await HTTPClient.shared.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)/healthz"), timeout: .seconds(5))
            return true
        } catch {
            return false
        }
    }

    struct TimedOut: Error { var seconds: Double }

    static func eventually(seconds: Double, _ condition: @escaping @Sendable () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while !(try await condition()) {
            guard ContinuousClock.now < deadline else { throw TimedOut(seconds: seconds) }
            try await Task.sleep(for: .milliseconds(10))
        }
    }
}
