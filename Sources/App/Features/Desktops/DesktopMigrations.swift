import Fluent
import SQLKit

/// 012: desktop pools, their hosts and seats, the waiting line, connect tickets, session history and utilisation.
struct M012CreateDesktopPools: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(DesktopPool.schema)
            .id()
            .field("created_at", .datetime, .required)
            .field("turn", .int, .required)
            .field("name", .string, .required)
            .field("placement", .string, .required)
            .field("roles", .string, .required)
            .field("disconnected_timeout", .int, .required)
            .field("idle_timeout", .int, .required)
            .field("reset_command", .string)
            .field("reset_url", .string)
            .unique(on: "name")
            .create()
        try await database.schema(DesktopPoolOrganisation.schema)
            .id()
            .field("pool_id", .uuid, .required, .references(DesktopPool.schema, .id, onDelete: .cascade))
            .field("organisation_id", .uuid, .required, .references(Organisation.schema, .id))
            .unique(on: "pool_id", "organisation_id")
            .create()
        try await database.schema(DesktopHost.schema)
            .id()
            .field("pool_id", .uuid, .required, .references(DesktopPool.schema, .id, onDelete: .cascade))
            .field("name", .string, .required)
            .field("address", .string, .required)
            .field("sealed_secret", .string, .required)
            .field("state", .string, .required)
            .field("healthy", .bool, .required)
            .field("unhealthy_since", .datetime)
            .field("health_detail", .string)
            .field("checked_at", .datetime)
            .unique(on: "pool_id", "name")
            .create()
        try await database.schema(DesktopSeat.schema)
            .id()
            .field("pool_id", .uuid, .required, .references(DesktopPool.schema, .id, onDelete: .cascade))
            .field("host_id", .uuid, .required, .references(DesktopHost.schema, .id, onDelete: .cascade))
            .field("name", .string, .required)
            .field("vnc_host", .string, .required)
            .field("vnc_port", .int, .required)
            .field("state", .string, .required)
            .field("person_id", .uuid, .references(Person.schema, .id))
            .field("state_since", .datetime)
            .field("offered_until", .datetime)
            .field("last_activity", .datetime)
            .field("idle_warned_at", .datetime)
            .unique(on: "pool_id", "name")
            // NULLs are distinct in both databases: many free seats, but one seat per person per pool
            .unique(on: "pool_id", "person_id")
            .create()
        try await database.schema(DesktopWaitingEntry.schema)
            .id()
            .field("pool_id", .uuid, .required, .references(DesktopPool.schema, .id, onDelete: .cascade))
            .field("person_id", .uuid, .required, .references(Person.schema, .id))
            .field("joined_at", .datetime, .required)
            .field("position", .int, .required)
            .unique(on: "pool_id", "person_id")
            .create()
        try await database.schema(DesktopConnectTicket.schema)
            .id()
            .field("token_digest", .string, .required)
            .field("person_id", .uuid, .required, .references(Person.schema, .id))
            .field("seat_id", .uuid, .required, .references(DesktopSeat.schema, .id, onDelete: .cascade))
            .field("session_id", .uuid, .required)
            .field("expires_at", .datetime, .required)
            .field("used_at", .datetime)
            .unique(on: "token_digest")
            .create()
        try await database.schema(DesktopSession.schema)
            .id()
            .field("pool_id", .uuid, .required, .references(DesktopPool.schema, .id, onDelete: .cascade))
            .field("seat_id", .uuid, .required, .references(DesktopSeat.schema, .id, onDelete: .cascade))
            .field("person_id", .uuid, .required, .references(Person.schema, .id))
            .field("started_at", .datetime, .required)
            .field("ended_at", .datetime)
            .create()
        try await database.schema(DesktopPersonNotice.schema)
            .id()
            .field("pool_id", .uuid, .required, .references(DesktopPool.schema, .id, onDelete: .cascade))
            .field("person_id", .uuid, .required, .references(Person.schema, .id))
            .field("notice", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema(DesktopPoolSample.schema)
            .id()
            .field("pool_id", .uuid, .required, .references(DesktopPool.schema, .id, onDelete: .cascade))
            .field("minute", .datetime, .required)
            .field("seats", .int, .required)
            .field("occupied", .int, .required)
            .field("waiting", .int, .required)
            .unique(on: "pool_id", "minute")
            .create()
    }

    func revert(on database: any Database) async throws {
        for schema in [
            DesktopPoolSample.schema, DesktopPersonNotice.schema, DesktopSession.schema, DesktopConnectTicket.schema,
            DesktopWaitingEntry.schema,
            DesktopSeat.schema, DesktopHost.schema, DesktopPoolOrganisation.schema, DesktopPool.schema,
        ] {
            try await database.schema(schema).delete()
        }
    }
}

/// 015: a seat's reset is an argument vector from the operator's pool file, never a shell command line or an address
/// that a web form could set. The old columns go with whatever was in them (a form may have written them): reload each
/// pool's file with `surgery desktop-pools load` to give its seats a reset again.
struct M015ResetCommandFromPoolFile: AsyncMigration {
    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { throw DesktopError.noSQL }
        try await sql.raw("ALTER TABLE desktop_pools ADD COLUMN reset_command_json TEXT").run()
        try await sql.raw("ALTER TABLE desktop_pools DROP COLUMN reset_command").run()
        try await sql.raw("ALTER TABLE desktop_pools DROP COLUMN reset_url").run()
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { throw DesktopError.noSQL }
        try await sql.raw("ALTER TABLE desktop_pools DROP COLUMN reset_command_json").run()
        try await sql.raw("ALTER TABLE desktop_pools ADD COLUMN reset_command TEXT").run()
        try await sql.raw("ALTER TABLE desktop_pools ADD COLUMN reset_url TEXT").run()
    }
}
