import Fluent

/// 021: a notice asking someone to decide a request says at which step; once the request is decided there (or
/// withdrawn), the notice is settled and leaves the person's messages.
struct M021SettleDecisionNotices: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // one column at a time: SQLite adds one per ALTER TABLE
        try await database.schema(EstateNotice.schema).field("awaits_step", .string).update()
        try await database.schema(EstateNotice.schema).field("settled_at", .datetime).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(EstateNotice.schema).deleteField("settled_at").update()
        try await database.schema(EstateNotice.schema).deleteField("awaits_step").update()
    }
}
