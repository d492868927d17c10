import Fluent
import Foundation
import Vapor

/// Deletes sessions that ended by time but were never presented again, every few minutes.
struct SessionSweeper: LifecycleHandler {
    final class Holder: @unchecked Sendable {
        var task: Task<Void, Never>?
    }

    let config: AppConfig
    let holder = Holder()
    var interval: Duration = .seconds(600)

    func didBootAsync(_ application: Application) async throws {
        let config = config
        let interval = interval
        holder.task = Task {
            while !Task.isCancelled {
                try? await Self.sweep(on: application.db, config: config, now: Date())
                try? await Task.sleep(for: interval)
            }
        }
    }

    func shutdownAsync(_ application: Application) async {
        holder.task?.cancel()
    }

    /// Removes sessions idle or older than the configured limits.
    static func sweep(on db: any Database, config: AppConfig, now: Date) async throws {
        try await StaffSession.query(on: db).group(.or) {
            $0.filter(\.$lastSeenAt < now.addingTimeInterval(-config.sessionIdle))
                .filter(\.$createdAt < now.addingTimeInterval(-config.sessionAbsolute))
        }.delete()
    }
}
