import AsyncHTTPClient
import Foundation
import Testing
import Vapor

@testable import App

/// A request whose work never ends (as when PostgresNIO loses a query written just as PostgreSQL ends its connection)
/// is still answered: "busy, try again" once its deadline has passed, and its work stays counted for shutdown.
@Suite struct RequestDeadlineTests {
    @Test func aRequestStuckPastItsDeadlineIsAnsweredBusyAndStaysCountedUntilItsWorkEnds() async throws {
        // setup: a page that waits until the test lets it go, behind a 1 s deadline (the site's own is far longer)
        try await withTestApp { app in
            let (gate, open) = AsyncStream<Void>.makeStream()
            let requests = app.requestsInFlight
            app.grouped(RequestDeadlineMiddleware(limit: .seconds(1), requests: requests)).get("stuck") { _ async -> String in
                for await _ in gate { break }
                return "late"
            }
            // a quick page's deadline is long, so that a machine busy with other tests cannot make it late
            app.grouped(RequestDeadlineMiddleware(limit: .seconds(120), requests: requests)).get("quick") { _ in "done" }
            try await app.server.start(address: .hostname("127.0.0.1", port: 0))
            let port = try #require(app.http.server.shared.localAddress?.port)

            // MUT: the stuck page, with a client that waits far longer than the deadline
            let answer = try await HTTPClient.shared.execute(
                HTTPClientRequest(url: "http://127.0.0.1:\(port)/stuck"), timeout: .seconds(60))
            let body = String(buffer: try await answer.body.collect(upTo: 1 << 20))

            // validate: a busy answer that says to try again; the work goes on, counted, until it ends
            #expect(answer.status == .serviceUnavailable)
            #expect(answer.headers.first(name: "Retry-After") == SiteErrorMiddleware.busyRetryAfter)
            #expect(body.contains("try again"))
            #expect(requests.current == 1)
            open.yield()
            try await RequestsInFlightTests.eventually(seconds: 60) { requests.current == 0 }

            // a page that is quick is answered as usual, and nothing is left counted
            let quick = try await HTTPClient.shared.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)/quick"), timeout: .seconds(60))
            #expect(quick.status == .ok)
            #expect(String(buffer: try await quick.body.collect(upTo: 1024)) == "done")
            #expect(requests.current == 0)
            await app.server.shutdown()
        }
    }

    @Test func theSitesDeadlineComesBeforeTheProxysWaitForAnAnswer() {
        // nginx in the deployment kit waits 60 s for an answer (proxy_read_timeout): the app must answer first
        #expect(AppConfig(database: .sqliteMemory).requestDeadline < .seconds(60))
        let config = AppConfig(database: .sqliteMemory)
        #expect(config.requestDeadline >= config.databaseWaitLimit * 2)
    }
}
