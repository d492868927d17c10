import Domain
import Fluent
import Foundation

/// The desktop pools a person looks after, how full each is, and the form to register one.
enum DesktopAdminPools {
    /// One pool's line in the table.
    struct Row: Sendable {
        var pool: DesktopPool
        var seats: Int
        /// Seats not free: in use, disconnected, offered or being reset.
        var taken: Int
        var waiting: Int
    }

    /// What the page shows: the pools in the person's scope and the register form with its errors.
    struct Model: Sendable {
        var rows: [Row]
        var form: DesktopPoolForm
        var errors: [FormError]

        /// Checks the person manages desktop pools, then counts the seats and the line of each pool in their scope.
        static func load(form: DesktopPoolForm, errors: [FormError], for staff: StaffContext, on db: any Database) async throws
            -> Model
        {
            let scope = try await DesktopAdminScope.load(for: staff, on: db)
            let pools = try await scope.pools(on: db)
            let seats = try await DesktopSeat.query(on: db).all()
            let line = try await DesktopWaitingEntry.query(on: db).all()
            let rows = pools.map { pool in
                let own = seats.filter { $0.poolID == pool.id }
                return Row(
                    pool: pool, seats: own.count, taken: own.filter { $0.state != .free }.count,
                    waiting: line.filter { $0.poolID == pool.id }.count)
            }
            return Model(rows: rows, form: form, errors: errors)
        }
    }
}
