import Foundation
import NIOConcurrencyHelpers
import Testing

@testable import App

/// Work that outlives its request is waited for at shutdown, and none starts once shutdown has begun: a connection
/// closing as the server stops must not reach for the database being taken away (in one process with other apps, as
/// in the tests, that stops the whole process).
@Suite struct BackgroundWorkTests {
    @Test func workStartedBeforeTheDrainIsWaitedFor() async throws {
        // setup
        let work = BackgroundWork()
        let done = NIOLockedValueBox(false)
        let (gate, open) = AsyncStream<Void>.makeStream()
        work.start {
            for await _ in gate { break }
            done.withLockedValue { $0 = true }
        }
        // MUT
        let drained = Task { await work.drain(seconds: 60) }
        open.yield()
        await drained.value
        // validate
        #expect(done.withLockedValue { $0 })
        #expect(work.inFlight == 0)
    }

    @Test func workStartedOnceTheDrainHasBegunNeverRuns() async throws {
        // setup: shutdown has drained the work
        let work = BackgroundWork()
        await work.drain(seconds: 1)
        let ran = NIOLockedValueBox(false)
        // MUT
        await work.start { ran.withLockedValue { $0 = true } }.value
        // validate
        #expect(!ran.withLockedValue { $0 })
        #expect(work.inFlight == 0)
    }
}
