import Fluent
import SQLKit

/// 017: a keyed digest of the client address each patient request came from (never the address), so that a
/// practice's queue can say "Possible flood"; and an index for the queue's reads by handler and time.
struct M017AddRequestClientDigest: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(TriageRequest.schema)
            .field("client_digest", .string)
            .update()
        if let sql = database as? any SQLDatabase {
            try await sql.create(index: "triage_requests_handler_received").on(TriageRequest.schema)
                .column("handler_id").column("received_at").run()
        }
    }

    func revert(on database: any Database) async throws {
        if let sql = database as? any SQLDatabase {
            try await sql.drop(index: "triage_requests_handler_received").run()
        }
        try await database.schema(TriageRequest.schema)
            .deleteField("client_digest")
            .update()
    }
}
