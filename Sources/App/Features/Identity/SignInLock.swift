import Fluent
import Foundation
import SQLKit

/// Wrong passwords and codes for one account from one client (a keyed digest of its address, "unknown" when the
/// connection has none), and the lock they brought. Keyed by client as well as account, so that someone elsewhere
/// cannot lock a member of staff out by guessing at their account; the per-account throttle bounds guesses from many
/// places at once.
final class SignInLock: Model, @unchecked Sendable {
    static let schema = "sign_in_locks"

    // managed fields
    @ID(key: .id) var id: UUID?

    // data fields
    @Field(key: "client_key") var clientKey: String
    @Field(key: "failed_attempts") var failedAttempts: Int
    @OptionalField(key: "locked_until") var lockedUntil: Date?

    // relationships
    @Field(key: "person_id") var personID: UUID

    init() {}
}

/// 018: failure counters and locks per account and client, in place of one counter per account.
struct M018SignInLocksPerClient: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(SignInLock.schema)
            .id()
            .field("person_id", .uuid, .required, .references(Person.schema, .id, onDelete: .cascade))
            .field("client_key", .string, .required)
            .field("failed_attempts", .int, .required)
            .field("locked_until", .datetime)
            .unique(on: "person_id", "client_key")
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("ALTER TABLE people DROP COLUMN failed_attempts").run()
        try await sql.raw("ALTER TABLE people DROP COLUMN locked_until").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(SignInLock.schema).delete()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("ALTER TABLE people ADD COLUMN failed_attempts INTEGER NOT NULL DEFAULT 0").run()
        try await sql.raw("ALTER TABLE people ADD COLUMN locked_until TIMESTAMP").run()
    }
}
