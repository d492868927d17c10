import Foundation
import NIOConcurrencyHelpers

/// Work that outlives the request or connection that started it (a desktop seat's reset, a viewer's audit rows, a
/// video socket's last words), so that shutting down waits for it before the database goes. Once shutdown has begun
/// draining it, no new work starts: a connection that closes as the server stops must not reach for a database that
/// is being taken away.
final class BackgroundWork: Sendable {
    private let running = NIOLockedValueBox<[UUID: Task<Void, Never>]>([:])
    private let closed = NIOLockedValueBox(false)

    /// Starts `work` and keeps it until it ends; does nothing once the work is being drained for shutdown.
    @discardableResult
    func start(_ work: @escaping @Sendable () async -> Void) -> Task<Void, Never> {
        let id = UUID()
        return running.withLockedValue { running in
            guard !closed.withLockedValue({ $0 }) else { return Task {} }
            let task = Task {
                await work()
                _ = self.running.withLockedValue { $0.removeValue(forKey: id) }
            }
            running[id] = task
            return task
        }
    }

    /// How many pieces of work have not ended yet.
    var inFlight: Int { running.withLockedValue { $0.count } }

    /// Takes no new work, then waits until every piece of work has ended, or `seconds` have passed.
    func drain(seconds: Double) async {
        closed.withLockedValue { $0 = true }
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline, running.withLockedValue({ !$0.isEmpty }) {
            try? await Task.sleep(for: .milliseconds(20))
        }
    }
}

/// Waits at shutdown for the work in flight of one `BackgroundWork` (for up to `seconds`), after the services added
/// after it have stopped and before the database goes.
struct WorkInFlight: SiteService {
    let name: String
    let work: BackgroundWork
    let seconds: Double

    func run() async { await Task.sleepUntilCancelled() }

    func finish() async { await work.drain(seconds: seconds) }
}
