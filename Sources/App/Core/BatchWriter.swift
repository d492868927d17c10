import Foundation

/// Writes what many callers hand in at once as a few batches: a caller appends one item and waits for its own outcome;
/// a lone item is written at once, and whatever arrives while a batch is being written goes together in the next (one
/// transaction, one commit for many), up to `maxBatch` items, in arrival order. When a batch fails, every caller in it
/// gets the error; the batches after it are written as usual. Used for patient requests, audit rows and desktop opens.
actor BatchWriter<Item: Sendable, Outcome: Sendable> {
    /// Writes one batch and gives one outcome per item, in the items' order.
    typealias Write = @Sendable ([Item]) async throws -> [Outcome]

    /// An item with its caller, waiting for its batch.
    private struct Waiter {
        let item: Item
        let continuation: CheckedContinuation<Outcome, any Error>
    }

    let maxBatch: Int
    /// A batch's write that has not finished by then is given up: its callers are told to try again, and the batches
    /// after it are written (a write stuck on a database connection that went away must not stop every later one).
    let writeTimeout: Duration
    private var pending: [Waiter] = []
    private var draining: Task<Void, Never>?

    init(maxBatch: Int, writeTimeout: Duration = .seconds(20)) {
        precondition(maxBatch > 0, "a batch holds at least one item")
        self.maxBatch = maxBatch
        self.writeTimeout = writeTimeout
    }

    /// Appends `item` and returns its outcome once its batch is written. The call that finds the writer idle starts a
    /// drain with its own `write`, which writes every batch until nothing is left; calls made meanwhile join it.
    func append(_ item: Item, write: @escaping Write) async throws -> Outcome {
        try await withCheckedThrowingContinuation { continuation in
            pending.append(Waiter(item: item, continuation: continuation))
            guard draining == nil else { return }
            draining = Task { await self.drain(write) }
        }
    }

    /// Waits until every item appended so far has been written (or has failed): shutdown calls it before the database
    /// goes.
    func waitUntilWritten() async {
        while let drain = draining { await drain.value }
    }

    /// Items appended and not yet answered.
    var waiting: Int { pending.count }

    private func drain(_ write: @escaping Write) async {
        while !pending.isEmpty {
            let batch = Array(pending.prefix(maxBatch))
            pending.removeFirst(batch.count)
            do {
                let limit = writeTimeout
                let outcomes = try await outcome(within: limit, else: { BatchWriteTimeout(limit: limit) }) {
                    try await write(batch.map(\.item))
                }
                guard outcomes.count == batch.count else {
                    throw BatchWriteMismatch(items: batch.count, outcomes: outcomes.count)
                }
                for (waiter, written) in zip(batch, outcomes) { waiter.continuation.resume(returning: written) }
            } catch {
                for waiter in batch { waiter.continuation.resume(throwing: error) }
            }
        }
        draining = nil
    }
}

/// A batch's write did not finish in time: its callers are told to try again (a form sent again is not stored twice).
struct BatchWriteTimeout: Error, CustomStringConvertible {
    var limit: Duration
    var description: String { "A batch write took longer than \(limit); try again." }
}

/// A batch's write gave a different number of outcomes from the items it was given: nobody in that batch can be told
/// what happened to their own item, so each is told this.
struct BatchWriteMismatch: Error, CustomStringConvertible {
    var items: Int
    var outcomes: Int
    var description: String { "A batch of \(items) was written but \(outcomes) outcomes came back; try again." }
}
