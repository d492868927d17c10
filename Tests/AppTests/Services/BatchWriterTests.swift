import Foundation
import Testing

@testable import App

/// The one batching writer behind patient requests, audit rows and desktop opens.
@Suite struct BatchWriterTests {
    /// A failure the tests' writes raise.
    struct WriteFailed: Error, Equatable {}

    @Test func aLoneItemIsWrittenAtOnce() async throws {
        // setup
        let writer = BatchWriter<Int, String>(maxBatch: 4)
        let batches = TestLog<[Int]>()
        // MUT
        let outcome = try await writer.append(7) { batch in
            await batches.add(batch)
            return batch.map { "written \($0)" }
        }
        // validate
        #expect(outcome == "written 7")
        #expect(await batches.entries == [[7]])
    }

    @Test func itemsArrivingDuringAWriteGoTogetherInOrderUpToTheLimit() async throws {
        // setup: the first write is held open while ten more items arrive, one after another
        let writer = BatchWriter<Int, Int>(maxBatch: 4)
        let gate = TestGate()
        let batches = TestLog<[Int]>()
        let write: BatchWriter<Int, Int>.Write = { batch in
            await batches.add(batch)
            if batch == [0] { await gate.wait() }
            return batch.map { $0 * 10 }
        }
        let first = Task { try await writer.append(0, write: write) }
        try await waitUntil { await batches.entries.count == 1 }
        var callers: [Task<Int, any Error>] = []
        for item in 1...10 {
            callers.append(Task { try await writer.append(item, write: write) })
            try await waitUntil { await writer.waiting == item }
        }
        // MUT
        await gate.open()
        // validate: each caller gets its own outcome; batches hold at most four, in arrival order
        #expect(try await first.value == 0)
        for (index, caller) in callers.enumerated() { #expect(try await caller.value == (index + 1) * 10) }
        #expect(await batches.entries == [[0], [1, 2, 3, 4], [5, 6, 7, 8], [9, 10]])
    }

    @Test func everyCallerOfAFailedBatchGetsTheErrorAndLaterBatchesAreWritten() async throws {
        // setup: batches of two; the batch holding 1 and 2 fails
        let writer = BatchWriter<Int, Int>(maxBatch: 2)
        let gate = TestGate()
        let began = TestLog<[Int]>()
        let write: BatchWriter<Int, Int>.Write = { batch in
            await began.add(batch)
            if batch == [0] { await gate.wait() }
            if batch.contains(1) { throw WriteFailed() }
            return batch
        }
        let first = Task { try await writer.append(0, write: write) }
        try await waitUntil { await began.entries.count == 1 }
        var callers: [Task<Int, any Error>] = []
        for item in 1...3 {
            callers.append(Task { try await writer.append(item, write: write) })
            try await waitUntil { await writer.waiting == item }
        }
        // MUT
        await gate.open()
        // validate
        #expect(try await first.value == 0)
        await #expect(throws: WriteFailed.self) { try await callers[0].value }
        await #expect(throws: WriteFailed.self) { try await callers[1].value }
        #expect(try await callers[2].value == 3)
    }

    @Test func aWriteThatLosesCountTellsEveryCallerInsteadOfLeavingThemWaiting() async throws {
        // setup
        let writer = BatchWriter<Int, Int>(maxBatch: 4)
        // MUT / validate
        await #expect(throws: BatchWriteMismatch.self) {
            try await writer.append(1) { _ in [] }
        }
        // the writer is free again afterwards
        #expect(try await writer.append(2) { $0 } == 2)
    }

    @Test func waitingUntilWrittenAtShutdownDrainsEveryPendingItem() async throws {
        // setup: one write in flight, five items waiting behind it
        let writer = BatchWriter<Int, Int>(maxBatch: 2)
        let gate = TestGate()
        let began = TestLog<[Int]>()
        let written = TestLog<Int>()
        let write: BatchWriter<Int, Int>.Write = { batch in
            await began.add(batch)
            if batch == [0] { await gate.wait() }
            for item in batch { await written.add(item) }
            return batch
        }
        var callers: [Task<Int, any Error>] = [Task { try await writer.append(0, write: write) }]
        try await waitUntil { await began.entries.count == 1 }
        for item in 1...5 {
            callers.append(Task { try await writer.append(item, write: write) })
            try await waitUntil { await writer.waiting == item }
        }
        // MUT
        let shutdown = Task { await writer.waitUntilWritten() }
        try await Task.sleep(for: .milliseconds(50))
        #expect(await written.entries.isEmpty)
        await gate.open()
        await shutdown.value
        // validate: by the time it returns, every item is written and answered
        #expect(await written.entries == [0, 1, 2, 3, 4, 5])
        #expect(await writer.waiting == 0)
        for (item, caller) in callers.enumerated() { #expect(try await caller.value == item) }
    }

    @Test func aWriteThatNeverFinishesIsGivenUpAndTheNextBatchIsWritten() async throws {
        // setup: the first batch's write hangs, as one did on a connection PostgreSQL dropped while restarting
        let writer = BatchWriter<Int, Int>(maxBatch: 8, writeTimeout: .milliseconds(300))
        let write: BatchWriter<Int, Int>.Write = { batch in
            if batch.contains(0) { try await Task.sleep(for: .seconds(3600)) }
            return batch
        }
        // MUT
        let stuck = Task { try await writer.append(0, write: write) }
        // validate: its caller is told to try again, and a later item is written as usual
        await #expect(throws: BatchWriteTimeout.self) { try await withTimeout(seconds: 30) { try await stuck.value } }
        #expect(try await withTimeout(seconds: 30) { try await writer.append(1, write: write) } == 1)
    }
}
