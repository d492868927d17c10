import Foundation
import NIOConcurrencyHelpers
import Vapor

/// The requests this instance is answering, counted so that shutdown can wait for them before the database goes.
/// Vapor stops its HTTP server and its databases in no set order, and the server lets a request's handler run on
/// after it has closed the connection; a handler still waiting for the database when the database had gone crashed
/// the server ("FluentProvider.swift:24: Unexpectedly found nil").
final class RequestsInFlight: Sendable {
    private let count = NIOLockedValueBox(0)

    var current: Int { count.withLockedValue { $0 } }

    func begin() { count.withLockedValue { $0 += 1 } }
    func end() { count.withLockedValue { $0 -= 1 } }

    /// Waits until no request is being answered, or `seconds` have passed; says whether none is.
    @discardableResult
    func drain(seconds: Double) async -> Bool {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline, current > 0 {
            try? await Task.sleep(for: .milliseconds(20))
        }
        return current == 0
    }
}

/// Counts each request while its handler runs (a stream's body, a WebSocket's life, are not counted: their own
/// services close them at shutdown).
struct RequestsInFlightMiddleware: Middleware {
    let requests: RequestsInFlight

    // on the event loop rather than async: a middleware every request passes adds no task of its own
    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        requests.begin()
        return next.respond(to: request).always { _ in requests.end() }
    }
}

/// At shutdown, once the live connections have been closed and the work they started has ended: stops taking
/// requests, then waits for those being answered (for up to `seconds`), before the patient requests still being
/// stored are waited for and the database goes.
struct RequestsInFlightAtShutdown: SiteService {
    let name = "requests being answered"
    let app: Application
    let seconds: Double

    func run() async { await Task.sleepUntilCancelled() }

    func finish() async {
        await app.server.shutdown()
        if await !app.requestsInFlight.drain(seconds: seconds) {
            app.logger.error("requests still being answered at shutdown", metadata: ["count": "\(app.requestsInFlight.current)"])
        }
    }
}

extension Application {
    private struct RequestsInFlightKey: StorageKey { typealias Value = RequestsInFlight }

    /// This instance's requests being answered, made in `configure`.
    var requestsInFlight: RequestsInFlight {
        get { storage[RequestsInFlightKey.self]! }
        set { storage[RequestsInFlightKey.self] = newValue }
    }
}
