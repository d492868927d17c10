import Domain
import Fluent
import Foundation
import Vapor

/// Which desktop pools an administrator looks after: a system administrator every pool; a commissioner IT lead only
/// the pools all of whose organisations it commissions (a pool shared with anyone else's practice is not its to change).
struct DesktopAdminScope: Sendable {
    /// The organisations the actor serves; nil: every organisation.
    let serves: Set<UUID>?

    static func load(for staff: StaffContext, on db: any Database) async throws -> DesktopAdminScope {
        try staff.require(.manageDesktopPools)
        if staff.actingRoles.contains(.systemAdmin) { return DesktopAdminScope(serves: nil) }
        let visible = try await OrganisationScope.visibleIDs(from: staff.actingOrganisation, on: db, today: staff.today)
        return DesktopAdminScope(serves: visible)
    }

    /// Whether a pool serving these organisations is in scope; a pool serving none is a system administrator's alone.
    func covers(_ organisations: some Collection<UUID>) -> Bool {
        guard let serves else { return true }
        return !organisations.isEmpty && organisations.allSatisfy(serves.contains)
    }

    /// The pools in scope, by name.
    func pools(on db: any Database) async throws -> [DesktopPool] {
        let pools = try await DesktopPool.query(on: db).sort(\.$name).all()
        guard serves != nil else { return pools }
        let links = try await DesktopPoolOrganisation.query(on: db).all()
        let byPool = Dictionary(grouping: links, by: \.poolID)
        return pools.filter { pool in covers(byPool[pool.id ?? UUID()]?.map(\.organisationID) ?? []) }
    }

    /// The pool, if in scope; otherwise the same 404 as a pool that does not exist.
    func pool(_ id: UUID, on db: any Database) async throws -> DesktopPool {
        let unknown = Abort(.notFound, reason: "That desktop pool does not exist or is not one you look after.")
        guard let pool = try await DesktopPool.find(id, on: db) else { throw unknown }
        if serves != nil {
            let links = try await DesktopPoolOrganisation.query(on: db).filter(\.$poolID == id).all()
            guard covers(links.map(\.organisationID)) else { throw unknown }
        }
        return pool
    }

    /// The host, if its pool is in scope.
    func host(_ id: UUID, on db: any Database) async throws -> DesktopHost {
        guard let host = try await DesktopHost.find(id, on: db), (try? await pool(host.poolID, on: db)) != nil else {
            throw Abort(.notFound, reason: "That desktop host does not exist or is not one you look after.")
        }
        return host
    }

    /// The seat, if its pool is in scope.
    func seat(_ id: UUID, on db: any Database) async throws -> DesktopSeat {
        guard let seat = try await DesktopSeat.find(id, on: db), (try? await pool(seat.poolID, on: db)) != nil else {
            throw Abort(.notFound, reason: "That seat does not exist or is not one you look after.")
        }
        return seat
    }
}
