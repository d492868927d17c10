import Foundation
import Testing
import VaporTesting

@testable import App

/// Shutting the application down leaves no background task running.
@Suite struct ShutdownTests {
    @Test func shutdownEndsEveryServiceAndDrainsWorkInFlight() async throws {
        // setup: the broker's own loops on as in production; work in flight on each BackgroundWork
        var config = TestDatabase.config()
        config.desktops.runsInBackground = true
        let app = try await makeTestApp(config: config)
        let services = app.siteServices
        let works = [app.desktopBroker.background, app.videoHub.background, app.estateWork]
        var expected = [
            "audit checkpoints", "patient requests being stored", "requests being answered", "session sweeper", "live connection endings", "desktop work in flight",
            "desktop RDP bridges", "desktop viewer closer",
            "desktop broker ticks", "desktop health checks", "video signal relay", "estate imports in flight",
        ]
        if TestDatabase.isPostgres { expected.insert("event bus listener", at: 0) }
        #expect(services.running == expected)
        for work in works { work.start { try? await Task.sleep(for: .milliseconds(200)) } }
        #expect(works.map(\.inFlight) == [1, 1, 1])
        // MUT
        try await dropTestApp(app, config: config)
        // validate: every service's task ended (none ignored its cancellation) and the work in flight finished
        #expect(services.running == [])
        #expect(works.map(\.inFlight) == [0, 0, 0])
    }
}
