import Domain
import Fluent
import FluentSQL
import Foundation
import SQLKit

/// 020: an API token's scope (`access`: read only or read and write; `areas`: which parts of the API) and its
/// `expires_at`. Tokens made before this migration keep working as they did: read and write in every area; and they
/// expire 90 days after the migration runs, so that none lives for ever.
struct M020ScopeAndExpireAPITokens: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // SQLite adds one column per statement; a NOT NULL column needs a default for the rows already there
        try await database.schema(APIToken.schema)
            .field("access", .string, .required, .sql(.default(APITokenScope.everything.access.rawValue)))
            .update()
        try await database.schema(APIToken.schema)
            .field("areas", .string, .required, .sql(.default(APITokenScope.everything.storedAreas)))
            .update()
        try await database.schema(APIToken.schema).field("expires_at", .datetime).update()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.update(APIToken.schema).set("expires_at", to: SQLBind(APITokenLifetime.standard.expiry(from: Date()))).run()
        if sql.dialect.name == "postgresql" {
            // SQLite cannot add NOT NULL to a column it has; every insert sets expires_at (the model requires it)
            try await sql.raw("ALTER TABLE \(ident: APIToken.schema) ALTER COLUMN expires_at SET NOT NULL").run()
        }
    }

    func revert(on database: any Database) async throws {
        for column in ["expires_at", "areas", "access"] {
            try await database.schema(APIToken.schema).deleteField(.string(column)).update()
        }
    }
}
