import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// Live events reach subscribers on this instance and, on PostgreSQL, on every other instance.
@Suite struct EventBusTests {
    @Test func anEventReachesASubscriber() async throws {
        try await withTestApp { app in
            try await app.events.waitUntilListening()
            let stream = await app.events.subscribe(topic: "queue:A81001")
            try await app.events.publish(LiveEvent(topic: "queue:A81001", body: "changed"), on: app.db)
            let received = try await withTimeout(seconds: 10) {
                var iterator = stream.makeAsyncIterator()
                return await iterator.next()
            }
            #expect(received == LiveEvent(topic: "queue:A81001", body: "changed"))
        }
    }

    @Test(.enabled(if: TestDatabase.isPostgres, "two instances share a database only on PostgreSQL"))
    func twoInstancesOnOnePostgreSQLHearEachOther() async throws {
        // setup: two instances on one schema, as behind a load balancer
        let config = TestDatabase.config()
        let first = try await makeTestApp(config: config)
        let second = try await makeTestApp(config: config, migrate: false)
        do {
            try await first.events.waitUntilListening()
            try await second.events.waitUntilListening()
            let onSecond = await second.events.subscribe(topic: "seat:free")
            let elsewhere = await second.events.subscribe(topic: "other")
            // MUT
            try await first.events.publish(LiveEvent(topic: "seat:free", body: "pool-1"), on: first.db)
            // validate
            let received = try await withTimeout(seconds: 10) {
                var iterator = onSecond.makeAsyncIterator()
                return await iterator.next()
            }
            #expect(received?.body == "pool-1")
            _ = elsewhere
            try await dropTestApp(second, config: config, dropSchema: false)
            try await dropTestApp(first, config: config)
        } catch {
            try? await dropTestApp(second, config: config, dropSchema: false)
            try? await dropTestApp(first, config: config)
            throw error
        }
    }
}

/// After the bus has listened again following a lost connection, subscribers that said how to catch up are told to.
@Suite struct LocalEventHubResyncTests {
    @Test func onlySubscribersWithAResyncEventGetOne() async throws {
        let hub = LocalEventHub()
        let queue = await hub.subscribe(topic: "queue:a", resync: LiveEvent(topic: "queue:a", body: ""))
        let signals = await hub.subscribe(topic: "video:a")
        await hub.resync()
        await hub.deliver(LiveEvent(topic: "video:a", body: "offer"))
        let caughtUp = try await withTimeout(seconds: 10) { () -> LiveEvent? in
            var iterator = queue.makeAsyncIterator()
            return await iterator.next()
        }
        #expect(caughtUp == LiveEvent(topic: "queue:a", body: ""))
        let first = try await withTimeout(seconds: 10) { () -> LiveEvent? in
            var iterator = signals.makeAsyncIterator()
            return await iterator.next()
        }
        #expect(first?.body == "offer", "a video signal stream never receives a made-up event")
    }
}
