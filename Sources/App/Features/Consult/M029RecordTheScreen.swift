import Fluent
import FluentSQL
import SQLKit

/// 029: a request records who it is for (earlier requests: the patient themselves) and the version of the red-flag
/// screen it passed (earlier requests: none recorded).
struct M029RecordTheScreen: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // one column at a time: SQLite adds one per ALTER TABLE
        try await database.schema(TriageRequest.schema).field("subject", .string, .required, .sql(.default("me"))).update()
        try await database.schema(TriageRequest.schema).field("screen_version", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(TriageRequest.schema).deleteField("screen_version").update()
        try await database.schema(TriageRequest.schema).deleteField("subject").update()
    }
}
