import Domain
import Fluent
import Foundation
import Vapor

/// Which pools a signed-in person may use: one of their active engagements is at an organisation the pool serves, in
/// a role that may open a desktop and that the pool admits.
enum DesktopAccess {
    static func pools(for staff: StaffContext, on db: any Database) async throws -> [DesktopPool] {
        let grants = try await DesktopPoolOrganisation.query(on: db).all()
        let pools = try await DesktopPool.query(on: db).sort(\.$name).all()
        return pools.filter { pool in mayUse(pool, staff: staff, grants: grants) }
    }

    /// The pool, if this person may use it; otherwise a clear refusal, which names the pool only to someone engaged at
    /// one of its organisations (to anyone else it does not exist).
    static func pool(_ id: UUID, for staff: StaffContext, on db: any Database) async throws -> DesktopPool {
        // the pool and the organisations it serves in one query (a pool serving nobody still comes back)
        guard let (pool, grants) = try await DesktopPoolRead.pool(id, on: db) else { throw DesktopError.noSuchPool }
        guard mayUse(pool, staff: staff, grants: grants) else {
            let served = Set(grants.map(\.organisationID))
            let engagedThere = staff.engagements.contains { $0.organisation.id.map(served.contains) ?? false }
            throw engagedThere ? DesktopError.notAllowed(pool: pool.name) : DesktopError.noSuchPool
        }
        return pool
    }

    /// The pools that these active engagements let their person use (to judge what an ended engagement takes away).
    static func poolIDs(for engagements: [StaffContext.ActiveEngagement], on db: any Database) async throws -> Set<UUID> {
        let grants = try await DesktopPoolOrganisation.query(on: db).all()
        let pools = try await DesktopPool.query(on: db).all()
        return Set(pools.filter { mayUse($0, engagements: engagements, grants: grants) }.compactMap(\.id))
    }

    private static func mayUse(_ pool: DesktopPool, staff: StaffContext, grants: [DesktopPoolOrganisation]) -> Bool {
        mayUse(pool, engagements: staff.engagements, grants: grants)
    }

    private static func mayUse(
        _ pool: DesktopPool, engagements: [StaffContext.ActiveEngagement], grants: [DesktopPoolOrganisation]
    ) -> Bool {
        let organisations = Set(grants.filter { $0.poolID == pool.id }.map(\.organisationID))
        let roles = pool.allowedRoles
        return engagements.contains { item in
            let role = item.engagement.role
            guard let organisation = item.organisation.id else { return false }
            return organisations.contains(organisation) && role.permissions.contains(.openDesktop)
                && (roles.isEmpty || roles.contains(role))
        }
    }

    /// For a pool that needs a higher assurance level than this sign-in has: a redirect that steps up through NHS
    /// CIS2 and comes back to the pool, or (without CIS2) a refusal that says why; nil when the sign-in is enough.
    static func stepUp(_ pool: DesktopPool, _ staff: StaffContext, _ req: Request) throws -> Response? {
        guard let needed = pool.requiredAssurance.flatMap(AssuranceLevel.init(acr:)), staff.session.assurance < needed else { return nil }
        guard req.application.identityProviders[.cis2] != nil else {
            throw Abort(.forbidden, reason: "\(pool.name) needs a sign-in at \(needed.name) (a smartcard or security key), which this site cannot offer. Ask the system administrator.")
        }
        let back = SiteURL.desktopPool(id: try pool.requireID()).path
        return req.redirect(to: SiteURL.cis2Start.path + "?level=\(needed.name)&next=\(back)", redirectType: .normal)
    }
}
