import Domain
import Fluent
import Foundation
import SQLKit

/// Failure counters that concurrent guesses cannot outrun. Each attempt at a secret (a password, a code, a date of
/// birth) is claimed first: counted as a failure and, when that count reaches the limit, the lock is set, in one
/// statement or one locked row, before the secret is checked. A right answer then gives its claim back. So fifty
/// guesses sent at once are counted fifty times, and none is checked once the lock is in force.
enum AttemptClaim {
    /// What claiming an attempt found.
    enum Outcome: Equatable {
        /// Checking may go ahead; `failures` counts this attempt as failed until it is given back.
        case claimed(failures: Int)
        /// The lock is in force; nothing may be checked.
        case locked(until: Date?)
    }

    // MARK: a person's password and second factor, per client

    /// Claims a sign-in attempt for a person from one client unless that client is locked out of the account; locks
    /// it (`locked_until`) when this attempt brings its failures to the policy's limit. PostgreSQL: the UPDATE holds the
    /// row until the transaction ends; SQLite: the write lock is held.
    static func signIn(person id: UUID, client: String, policy: LockoutPolicy, now: Date, on db: any Database) async throws -> Outcome {
        try await db.writeTransaction { tx in
            let sql = try sqlDatabase(tx)
            try await sql.raw(
                """
                INSERT INTO sign_in_locks (id, person_id, client_key, failed_attempts)                 VALUES (\(bind: UUID()), \(bind: id), \(bind: client), 0) ON CONFLICT (person_id, client_key) DO NOTHING
                """
            ).run()
            let rows = try await sql.raw(
                """
                UPDATE sign_in_locks SET failed_attempts = failed_attempts + 1                 WHERE person_id = \(bind: id) AND client_key = \(bind: client)                 AND (locked_until IS NULL OR locked_until <= \(bind: now)) RETURNING failed_attempts
                """
            ).all()
            guard let failures = try rows.first?.decode(column: "failed_attempts", as: Int.self) else {
                let row = try await sql.raw(
                    "SELECT locked_until FROM sign_in_locks WHERE person_id = \(bind: id) AND client_key = \(bind: client)"
                ).first()
                return .locked(until: try row?.decode(column: "locked_until", as: Date?.self))
            }
            if let duration = policy.lockDuration(afterFailures: failures) {
                try await sql.raw(
                    """
                    UPDATE sign_in_locks SET locked_until = \(bind: now.addingTimeInterval(duration))                     WHERE person_id = \(bind: id) AND client_key = \(bind: client)
                    """
                ).run()
            }
            return .claimed(failures: failures)
        }
    }

    /// A right password: gives the claim back and lifts the lock it set.
    static func giveBackSignIn(person id: UUID, client: String, on db: any Database) async throws {
        try await sqlDatabase(db).raw(
            """
            UPDATE sign_in_locks SET locked_until = NULL,             failed_attempts = CASE WHEN failed_attempts > 0 THEN failed_attempts - 1 ELSE 0 END             WHERE person_id = \(bind: id) AND client_key = \(bind: client)
            """
        ).run()
    }

    /// Signed in with both factors from this client: its count starts again (other clients' stay as they are).
    static func clearSignIn(person id: UUID, client: String, on db: any Database) async throws {
        try await sqlDatabase(db).raw(
            "DELETE FROM sign_in_locks WHERE person_id = \(bind: id) AND client_key = \(bind: client)"
        ).run()
    }

    // MARK: a patient's reply link

    /// Claims a date-of-birth attempt on a reply link that is neither locked nor used; the attempt that reaches the
    /// policy's limit locks the link in the same statement.
    static func replyLink(_ id: UUID, policy: ReplyLinkPolicy, now: Date, on db: any Database) async throws -> Outcome {
        let limit = policy.allowedWrongAttempts
        let rows = try await sqlDatabase(db).raw(
            """
            UPDATE reply_links SET failed_attempts = failed_attempts + 1, \
            locked_at = CASE WHEN failed_attempts + 1 >= \(bind: limit) THEN \(bind: now) ELSE locked_at END \
            WHERE id = \(bind: id) AND locked_at IS NULL AND used_at IS NULL AND failed_attempts < \(bind: limit) \
            RETURNING failed_attempts
            """
        ).all()
        guard let failures = try rows.first?.decode(column: "failed_attempts", as: Int.self) else { return .locked(until: nil) }
        return .claimed(failures: failures)
    }

    /// The right date of birth: gives the claim back, and lifts the lock only if this claim set it.
    static func giveBackReplyLink(_ id: UUID, policy: ReplyLinkPolicy, on db: any Database) async throws {
        try await sqlDatabase(db).raw(
            """
            UPDATE reply_links SET \
            locked_at = CASE WHEN failed_attempts - 1 < \(bind: policy.allowedWrongAttempts) THEN NULL ELSE locked_at END, \
            failed_attempts = CASE WHEN failed_attempts > 0 THEN failed_attempts - 1 ELSE 0 END WHERE id = \(bind: id)
            """
        ).run()
    }

    private static func sqlDatabase(_ db: any Database) throws -> any SQLDatabase {
        guard let sql = db as? any SQLDatabase else { throw AttemptClaimError.noSQL }
        return sql
    }
}

/// The counters need an SQL database.
struct AttemptClaimError: Error, CustomStringConvertible {
    static let noSQL = AttemptClaimError(description: "failure counters need an SQL database")
    var description: String
}
