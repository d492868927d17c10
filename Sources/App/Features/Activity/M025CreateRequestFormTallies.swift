import Fluent

/// 025: the request form's daily counts per practice (red-flag advice shown, forms refused, forms throttled).
struct M025CreateRequestFormTallies: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(RequestFormTally.schema)
            .id()
            .field("practice_id", .uuid, .required, .references(Organisation.schema, .id))
            .field("day", .string, .required)
            .field("advice_shown", .int, .required)
            .field("refused", .int, .required)
            .field("throttled", .int, .required)
            .unique(on: "practice_id", "day")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(RequestFormTally.schema).delete()
    }
}
