import Foundation
import Testing
import VaporTesting

@testable import App

/// A request that waited too long for the database (a connection, or its batched write) is told the service is busy
/// and when to try again: 503 with Retry-After, never a 500 that says something broke.
@Suite struct BusyAnswerTests {
    /// An application with the site's error middleware and routes that fail as a busy database does.
    static func withBusyRoutes(_ body: (Application) async throws -> Void) async throws {
        let app = try await Application.make(.testing)
        app.logger.logLevel = .critical
        app.middleware.use(SiteErrorMiddleware(environment: .testing))
        app.get("waits-for-a-connection") { _ -> String in throw ConnectionPoolTimeoutError.connectionRequestTimeout }
        app.get("api", "waits-for-a-batch") { _ -> String in throw BatchWriteTimeout(limit: .seconds(20)) }
        app.get("breaks") { _ -> String in throw CancellationError() }
        do {
            try await body(app)
            try await app.asyncShutdown()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }

    @Test func aPageThatWaitedTooLongForAConnectionSaysBusyAndWhenToTryAgain() async throws {
        try await Self.withBusyRoutes { app in
            // MUT
            let page = try await app.testing().sendRequest(.GET, "/waits-for-a-connection")
            // validate
            #expect(page.status == .serviceUnavailable)
            #expect(page.headers.first(name: .retryAfter) == SiteErrorMiddleware.busyRetryAfter)
            #expect(page.body.string.contains("very busy just now"))
        }
    }

    @Test func anAPICallWhoseBatchedWriteTimedOutGetsABusyProblem() async throws {
        try await Self.withBusyRoutes { app in
            // MUT
            let answer = try await app.testing().sendRequest(.GET, "/api/waits-for-a-batch")
            // validate
            #expect(answer.status == .serviceUnavailable)
            #expect(answer.headers.first(name: .retryAfter) == SiteErrorMiddleware.busyRetryAfter)
            #expect(answer.headers.contentType?.description == "application/problem+json")
            #expect(answer.body.string.contains(#""status":503"#))
        }
    }

    @Test func anyOtherFailureIsStillOurFaultWithoutRetryAfter() async throws {
        try await Self.withBusyRoutes { app in
            // MUT
            let page = try await app.testing().sendRequest(.GET, "/breaks")
            // validate
            #expect(page.status == .internalServerError)
            #expect(page.headers.first(name: .retryAfter) == nil)
        }
    }
}
