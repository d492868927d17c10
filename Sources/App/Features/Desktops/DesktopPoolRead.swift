import Domain
import Fluent
import Foundation
import SQLKit

/// A pool and the organisations it serves, read as plain rows in one query and made into models: "Open my desktop"
/// and the pool's page ask on every request, and at 08:00 a whole practice asks at once.
enum DesktopPoolRead {
    /// The pool with this id and its grants (none for a pool serving nobody), or nil.
    static func pool(_ id: UUID, on db: any Database) async throws -> (pool: DesktopPool, grants: [DesktopPoolOrganisation])? {
        guard let sql = db as? any SQLDatabase else { throw DesktopError.noSQL }
        let rows = try await sql.raw(
            """
            SELECT \(unsafeRaw: columns) FROM desktop_pools p \
            LEFT JOIN desktop_pool_organisations g ON g.pool_id = p.id WHERE p.id = \(bind: id)
            """
        ).all().map(PlainRow.init)
        guard let first = rows.first else { return nil }
        let pool = try Self.pool(first)
        var grants: [DesktopPoolOrganisation] = []
        for row in rows {
            guard let grantID = try row.optional("g_id", UUID.self) else { continue }
            let grant = DesktopPoolOrganisation(poolID: id, organisationID: try row.value("g_organisation_id", UUID.self))
            grant.id = grantID
            grant.$id.exists = true
            grants.append(grant)
        }
        return (pool, grants)
    }

    private static let columns = (
        ["id", "created_at", "turn", "name", "placement", "roles", "disconnected_timeout", "idle_timeout", "reset_command_json",
         "clipboard", "rdp_sign_in", "required_assurance"].map { "p.\($0) AS p_\($0)" }
            + ["g.id AS g_id", "g.organisation_id AS g_organisation_id"]
    ).joined(separator: ", ")

    private static func pool(_ row: PlainRow) throws -> DesktopPool {
        let pool = DesktopPool()
        let id = try row.value("p_id", UUID.self)
        pool.id = id
        pool.$id.exists = true
        pool.createdAt = try row.value("p_created_at", Date.self)
        pool.turn = try row.value("p_turn", Int.self)
        pool.name = try row.value("p_name", String.self)
        pool.placement = try row.typed("p_placement", table: DesktopPool.schema, id: id)
        pool.roles = try row.typed("p_roles", table: DesktopPool.schema, id: id)
        pool.disconnectedTimeoutSeconds = try row.value("p_disconnected_timeout", Int.self)
        pool.idleTimeoutSeconds = try row.value("p_idle_timeout", Int.self)
        pool.resetCommandJSON = try row.optional("p_reset_command_json", String.self)
        pool.clipboard = try row.typed("p_clipboard", table: DesktopPool.schema, id: id)
        pool.rdpSignIn = try row.typed("p_rdp_sign_in", table: DesktopPool.schema, id: id)
        pool.requiredAssurance = try row.optional("p_required_assurance", String.self)
        return pool
    }
}
