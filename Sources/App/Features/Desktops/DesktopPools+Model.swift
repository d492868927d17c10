import Domain
import Fluent
import Foundation

/// The desktops a person may open, one section per pool, with where they stand in each.
enum DesktopPools {
    /// One pool the person may use and where they stand in it.
    struct Row: Sendable {
        var pool: DesktopPool
        var status: DesktopStatus
    }

    /// What the page shows: the pools, a notice after an action (signed out), and whether the person manages pools.
    struct Model: Sendable {
        var rows: [Row]
        var notice: DesktopNotice?
        var canManage: Bool

        /// Checks the person may open a desktop, then finds the pools open to them and their place in each.
        static func load(notice: DesktopNotice?, for staff: StaffContext, on db: any Database) async throws -> Model {
            try staff.require(.openDesktop)
            let personID = try staff.person.requireID()
            var rows: [Row] = []
            for pool in try await DesktopAccess.pools(for: staff, on: db) {
                rows.append(.init(pool: pool, status: try await DesktopStatus.load(person: personID, pool: pool.requireID(), on: db)))
            }
            return Model(rows: rows, notice: notice, canManage: staff.can(.manageDesktopPools))
        }
    }
}
