import Foundation
import Logging
import NIOConcurrencyHelpers
import Vapor

/// Work that runs from start-up to shutdown: a sweeper, a health check, a listener on the event bus.
protocol SiteService: Sendable {
    /// What the logs call it.
    var name: String { get }
    /// Runs until its task is cancelled at shutdown. A loop checks `Task.isCancelled` and sleeps with `Task.sleep`,
    /// which ends early on cancellation.
    func run() async throws
    /// The last work, after `run` has ended at shutdown and before the database goes (a final checkpoint, waiting for
    /// work in flight). It is not cancelled. By default, nothing.
    func finish() async
}

extension SiteService {
    func finish() async {}
}

/// Every `SiteService` of this instance under one lifecycle, as a Vapor `LifecycleHandler`.
///
/// - At boot, each service is made in the order it was added (a maker may subscribe to the event bus, so that nothing
///   published once the server takes requests is missed), then started on a task of its own.
/// - At shutdown, services stop in the reverse order: each task is cancelled and awaited (for at most `stopLimit`),
///   then the service's `finish` runs; then the next. So what starts first (the event bus) stops last.
/// - Errors are logged with the service's name. A service that throws before shutdown is restarted after a pause that
///   doubles from one second to a minute: a sweeper that stopped for good would go unnoticed. One that returns before
///   shutdown is not restarted; that is logged as a warning.
/// - A service still running after `stopLimit` is logged as an error and left in `running`, which tests check.
final class SiteServices: LifecycleHandler, Sendable {
    /// Makes a service at boot.
    typealias Maker = @Sendable (Application) async throws -> any SiteService

    /// A service that was started, and its task.
    private struct Started: Sendable {
        var service: any SiteService
        var task: Task<Void, Never>
    }

    let stopLimit: Duration
    private let makers = NIOLockedValueBox<[Maker]>([])
    private let started = NIOLockedValueBox<[Started]>([])
    private let live = NIOLockedValueBox<[Int: String]>([:])

    init(stopLimit: Duration = .seconds(30)) {
        self.stopLimit = stopLimit
    }

    /// Adds a service made at boot by `make`.
    func use(_ make: @escaping Maker) {
        makers.withLockedValue { $0.append(make) }
    }

    /// Adds a service made already.
    func use(_ service: any SiteService) {
        use { _ in service }
    }

    /// The names of the services whose tasks have not ended, in the order they started.
    var running: [String] {
        live.withLockedValue { live in live.keys.sorted().compactMap { live[$0] } }
    }

    func didBootAsync(_ application: Application) async throws {
        for make in makers.withLockedValue({ $0 }) {
            try await start(make(application), logger: application.logger)
        }
    }

    func shutdownAsync(_ application: Application) async {
        await stop(logger: application.logger)
    }

    /// Stops every service started, last first: cancels its task, waits for it, then runs its `finish`.
    func stop(logger: Logger) async {
        let stopping = started.withLockedValue { started in
            defer { started.removeAll() }
            return started
        }
        for entry in stopping.reversed() {
            entry.task.cancel()
            if await !Self.wait(for: entry.task, upTo: stopLimit) {
                logger.error(
                    "service did not stop when asked; shutting down without it",
                    metadata: ["service": "\(entry.service.name)", "waited": "\(stopLimit)"])
            }
            await entry.service.finish()
        }
    }

    /// Starts `service` on a task of its own, restarting it when it throws before shutdown.
    func start(_ service: any SiteService, logger: Logger) {
        let name = service.name
        let number = live.withLockedValue { live in
            let number = (live.keys.max() ?? 0) + 1
            live[number] = name
            return number
        }
        let task = Task {
            var pause = Duration.seconds(1)
            // runs at least once, even if shutdown came first: `run` itself sees the cancellation and returns
            while true {
                do {
                    try await service.run()
                    if !Task.isCancelled { logger.warning("service ended before shutdown", metadata: ["service": "\(name)"]) }
                    break
                } catch {
                    if Task.isCancelled { break }
                    logger.error(
                        "service failed; restarting", metadata: ["service": "\(name)", "error": "\(LoggedError(error))", "after": "\(pause)"])
                    try? await Task.sleep(for: pause)
                    if Task.isCancelled { break }
                    pause = min(pause * 2, .seconds(60))
                }
            }
            _ = self.live.withLockedValue { $0.removeValue(forKey: number) }
        }
        started.withLockedValue { $0.append(Started(service: service, task: task)) }
    }

    /// True when `task` ends within `limit`; false when the limit passes first (the task goes on).
    static func wait(for task: Task<Void, Never>, upTo limit: Duration) async -> Bool {
        let (outcomes, continuation) = AsyncStream<Bool>.makeStream(bufferingPolicy: .bufferingOldest(1))
        let waiter = Task {
            await task.value
            continuation.yield(true)
        }
        let timer = Task {
            try? await Task.sleep(for: limit)
            continuation.yield(false)
        }
        var first = outcomes.makeAsyncIterator()
        let ended = await first.next() ?? false
        continuation.finish()
        timer.cancel()
        if ended { await waiter.value }
        return ended
    }
}

extension Task where Success == Never, Failure == Never {
    /// Returns once the current task is cancelled: the `run` of a service whose work is all in `finish`.
    static func sleepUntilCancelled() async {
        while !Task.isCancelled { try? await Task.sleep(for: .seconds(3600)) }
    }
}

extension Application {
    private struct SiteServicesKey: StorageKey { typealias Value = SiteServices }

    /// This instance's services, made in `configure`.
    var siteServices: SiteServices {
        get { storage[SiteServicesKey.self]! }
        set { storage[SiteServicesKey.self] = newValue }
    }
}
