import Fluent
import FluentSQL
import Foundation
import SQLKit
import Vapor

/// Schema changes made by one process at a time, and servers that wait for one in progress instead of serving a
/// half-changed schema. On PostgreSQL `surgery migrate` holds an advisory lock for its schema while it migrates, so a
/// second one started meanwhile waits, then finds nothing to do; `surgery serve` waits (up to `MIGRATION_WAIT_SECONDS`)
/// until every migration it knows has been recorded. SQLite serves one instance, which migrates before it serves.
enum SchemaMigration {
    /// Every migration this version knows that the database has not recorded.
    static func pending(_ app: Application) async throws -> [String] {
        let known = Migrations.all.map(\.name)
        guard let sql = app.db as? any SQLDatabase else { return known }
        let rows: [any SQLRow]
        do {
            rows = try await sql.raw("SELECT name FROM _fluent_migrations").all()
        } catch {
            return known  // no migration table yet: nothing has run
        }
        let recorded = Set(try rows.map { try $0.decode(column: "name", as: String.self) })
        return known.filter { !recorded.contains($0) }
    }

    /// Runs the pending migrations; on PostgreSQL under an advisory lock keyed by the schema, held on one connection for
    /// the whole run (a process that dies releases it with its connection).
    static func migrate(_ app: Application) async throws {
        guard case .postgres = app.appConfig.database else {
            await turn.take()
            defer { Task { await turn.give() } }
            try await app.autoMigrate()
            return
        }
        try await app.db.withConnection { connection in
            guard let sql = connection as? any SQLDatabase else { throw Abort(.internalServerError, reason: "PostgreSQL without SQL") }
            try await sql.raw("SELECT pg_advisory_lock(hashtext('surgery migrate ' || current_schema()))").run()
            do {
                try await app.autoMigrate()
            } catch {
                try? await sql.raw("SELECT pg_advisory_unlock(hashtext('surgery migrate ' || current_schema()))").run()
                throw error
            }
            try await sql.raw("SELECT pg_advisory_unlock(hashtext('surgery migrate ' || current_schema()))").run()
        }
    }

    /// SQLite has no advisory lock: one migration at a time within this process (a SQLite deployment is one process).
    private static let turn = Turnstile()

    /// Lets one caller through at a time, in the order they came.
    private actor Turnstile {
        private var busy = false
        private var waiting: [CheckedContinuation<Void, Never>] = []

        func take() async {
            if !busy {
                busy = true
                return
            }
            await withCheckedContinuation { waiting.append($0) }
        }

        func give() {
            if waiting.isEmpty { busy = false } else { waiting.removeFirst().resume() }
        }
    }

    /// Waits until no migration is pending, checking every `poll`, saying once in the log what it waits for; after
    /// `timeout` throws an error telling the operator to run `surgery migrate`.
    static func waitUntilCurrent(_ app: Application, timeout: Duration, poll: Duration = .seconds(1)) async throws {
        let deadline = ContinuousClock.now + timeout
        var told = false
        while true {
            let waiting = try await pending(app)
            if waiting.isEmpty { return }
            guard ContinuousClock.now < deadline else {
                throw CommandLineProblem(
                    description: "The database lacks \(waiting.count) migration\(waiting.count == 1 ? "" : "s") this version needs "
                        + "(\(waiting.prefix(3).joined(separator: ", "))\(waiting.count > 3 ? ", …" : "")). Run `surgery migrate`, then start "
                        + "the server again.")
            }
            if !told {
                app.logger.notice("Waiting for the database migration to finish (\(waiting.count) to go) before serving")
                told = true
            }
            try await Task.sleep(for: poll)
        }
    }
}

/// What `surgery serve` does before it serves: waits for a migration in progress (PostgreSQL, up to
/// `MIGRATION_WAIT_SECONDS`), or refuses at once with the command to run (SQLite, one instance, nothing to wait for).
public enum ServeGate {
    public static func waitForTheSchema(_ app: Application) async throws {
        let arguments = app.environment.arguments.dropFirst()
        guard arguments.first.map({ $0 == "serve" || $0.hasPrefix("-") }) ?? true else { return }
        let timeout: Duration =
            if case .postgres = app.appConfig.database { .seconds(app.appConfig.migrationWaitSeconds) } else { .zero }
        try await SchemaMigration.waitUntilCurrent(app, timeout: timeout)
    }
}
