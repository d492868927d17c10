import Domain
import Fluent
import Foundation

/// One pool's page: the desktop viewer when the person has a seat, else their place in line or the seat held for them.
enum DesktopPoolShow {
    /// What the page shows: the pool, where the person stands in it, and a notice (after an action, or the last the
    /// broker left for them in the past hour).
    struct Model: Sendable {
        var pool: DesktopPool
        var status: DesktopStatus
        var notice: DesktopNotice?
        /// The person's seat is on an RDP host of a pool that passes Windows credentials: the viewer asks for them.
        var asksWindowsCredentials = false

        /// Checks the person may open a desktop in this pool, then finds where they stand and their notice.
        static func load(_ id: UUID, notice: DesktopNotice?, for staff: StaffContext, on db: any Database) async throws -> Model {
            try staff.require(.openDesktop)
            let pool = try await DesktopAccess.pool(id, for: staff, on: db)
            let personID = try staff.person.requireID()
            let status = try await DesktopStatus.load(person: personID, pool: pool.requireID(), on: db)
            var notice = notice
            if notice == nil { notice = try await DesktopPersonNotice.latest(pool: pool.requireID(), person: personID, on: db) }
            var model = Model(pool: pool, status: status, notice: notice)
            if case .seat = status, pool.rdpSignIn == .personsCredentials {
                model.asksWindowsCredentials = try await onRDPHost(person: personID, pool: pool.requireID(), on: db)
            }
            return model
        }

        private static func onRDPHost(person: UUID, pool: UUID, on db: any Database) async throws -> Bool {
            guard let seat = try await DesktopSeat.query(on: db).filter(\.$poolID == pool).filter(\.$personID == person).first()
            else { return false }
            return try await DesktopHost.find(seat.hostID, on: db)?.protocolName == .rdp
        }
    }
}
