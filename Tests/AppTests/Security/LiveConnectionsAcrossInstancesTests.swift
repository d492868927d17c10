import Domain
import Foundation
import Testing
import VaporTesting

@testable import App

/// An ending heard on one instance closes the connections it authorised on another: two instances sharing one
/// PostgreSQL schema (on SQLite, which has no second instance, the one instance plays both parts).
@Suite struct LiveConnectionsAcrossInstancesTests {
    @Test func signingOutOnOneInstanceClosesTheQueueStreamOnAnother() async throws {
        // setup: gpA's queue open on the second instance
        let config = TestDatabase.config()
        let first = try await makeTestApp(config: config)
        let second = TestDatabase.isPostgres ? try await makeTestApp(config: config, migrate: false) : first
        do {
            try await first.events.waitUntilListening()
            try await second.events.waitUntilListening()
            let world = try await TestWorld.make(on: first)
            try await second.server.start(address: .hostname("127.0.0.1", port: 0))
            let port = try #require(second.http.server.shared.localAddress?.port)
            var browser = try await TestBrowser.signedIn(first, personID: world.gpA.id)
            let session = try #require(browser.cookies[SiteCookie.session])
            let queue = try await TestEventStream(port: port, path: SiteURL.queueEvents.path, session: session)
            // MUT: sign out everywhere through the first instance
            let out = try await browser.post(SiteURL.logoutEverywhere.path)
            // validate
            #expect(out.status == .seeOther)
            #expect(try await queue.ended() == LiveEnding.signedOutEverywhere(person: world.gpA.id).reason)
        } catch {
            await Self.stop(first, second, config: config)
            throw error
        }
        await Self.stop(first, second, config: config)
    }

    static func stop(_ first: Application, _ second: Application, config: AppConfig) async {
        await second.server.shutdown()
        if second !== first { try? await dropTestApp(second, config: config, dropSchema: false) }
        try? await dropTestApp(first, config: config)
    }
}

/// The registry of one instance: a connection whose checks ran before an ending it hears only as it registers is closed
/// there and then; one checked after the ending (a new sign-in) stays open.
@Suite struct LiveConnectionsRegistryTests {
    @Test func aConnectionCheckedBeforeAnEndingIsClosedAsItRegisters() async throws {
        // setup
        let connections = LiveConnections()
        let person = UUID()
        let grant = LiveGrant(kind: .queueStream, person: person, session: UUID(), organisation: UUID())
        let checkedBefore = ContinuousClock.now
        await connections.end(.signedOutEverywhere(person: person))
        let checkedAfter = ContinuousClock.now
        // MUT
        let late = await connections.registerStream(grant, checkedSince: checkedBefore)
        let fresh = await connections.registerStream(grant, checkedSince: checkedAfter)
        // validate
        var lateEndings = late.ending.makeAsyncIterator()
        #expect(await lateEndings.next() == .signedOutEverywhere(person: person))
        #expect(await connections.count(.queueStream) == 1)
        await connections.remove(fresh.id)
        #expect(await connections.count(.queueStream) == 0)
    }
}
