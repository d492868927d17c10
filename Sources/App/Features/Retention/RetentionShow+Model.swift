import Domain
import Fluent
import Foundation

/// What the service keeps how long, and what the nightly run last removed.
enum RetentionShow {
    /// The last run, as its audit row records it.
    struct LastRun: Sendable {
        var at: Date
        var removed: [RetainedData: Int]
    }

    struct Model: Sendable {
        var policy: RetentionPolicy
        var schedule: NightlySchedule
        var lastRun: LastRun?
        /// When the next run is due.
        var nextRun: Date

        /// Checks the person may read the audit trail (where each run is recorded), then reads the last run.
        static func load(config: RetentionConfig, for staff: StaffContext, on db: any Database, now: Date = Date()) async throws -> Model {
            try staff.require(.viewAudit)
            let last = try await AuditEvent.query(on: db).filter(\.$action == AuditAction.retentionRun.rawValue)
                .sort(\.$id, .descending).first()
            return Model(
                policy: config.policy, schedule: config.schedule,
                lastRun: last.map { LastRun(at: $0.occurredAt, removed: RetentionRun.counts(fromDetail: $0.detail)) },
                nextRun: config.schedule.next(after: now))
        }
    }
}
