import Foundation
import NIOConcurrencyHelpers

/// Work that outlives the request or connection that started it (a desktop seat's reset, a viewer's audit rows, a
/// video socket's last words), so that shutting down waits for it before the database goes.
final class BackgroundWork: Sendable {
    private let running = NIOLockedValueBox<[UUID: Task<Void, Never>]>([:])

    /// Starts `work` and keeps it until it ends.
    @discardableResult
    func start(_ work: @escaping @Sendable () async -> Void) -> Task<Void, Never> {
        let id = UUID()
        let task = Task {
            await work()
            _ = self.running.withLockedValue { $0.removeValue(forKey: id) }
        }
        running.withLockedValue { $0[id] = task }
        return task
    }

    /// How many pieces of work have not ended yet.
    var inFlight: Int { running.withLockedValue { $0.count } }

    /// Waits until every piece of work has ended, or `seconds` have passed.
    func drain(seconds: Double) async {
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
