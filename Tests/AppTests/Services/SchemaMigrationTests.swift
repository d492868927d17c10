import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting

@testable import App

/// Migrations run one at a time, and a server started during one waits for it rather than serving a half-changed
/// schema, or says what to run when nobody is migrating.
@Suite struct SchemaMigrationTests {
    static func recordedNames(_ app: Application) async throws -> [String] {
        let sql = try #require(app.db as? any SQLDatabase)
        return try await sql.raw("SELECT name FROM _fluent_migrations").all().map { try $0.decode(column: "name", as: String.self) }
    }

    @Test func twoMigrationsStartedAtOnceBothSucceedAndEachChangeIsMadeOnce() async throws {
        // setup: two instances on one empty database (on SQLite, one instance asked twice)
        let config = TestDatabase.config()
        let first = try await makeTestApp(config: config, migrate: false)
        let second = TestDatabase.isPostgres ? try await makeTestApp(config: config, migrate: false) : first
        do {
            #expect(try await SchemaMigration.pending(first).count == Migrations.all.count)
            // MUT
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await SchemaMigration.migrate(first) }
                group.addTask { try await SchemaMigration.migrate(second) }
                try await group.waitForAll()
            }
            // validate
            let names = try await Self.recordedNames(first)
            #expect(names.count == Migrations.all.count && Set(names).count == names.count)
            #expect(try await SchemaMigration.pending(second).isEmpty)
        } catch {
            Issue.record(error)
        }
        if second !== first { try await dropTestApp(second, config: config, dropSchema: false) }
        try await dropTestApp(first, config: config)
    }

    @Test func aServerStartedDuringAMigrationWaitsForItThenServes() async throws {
        let config = TestDatabase.config()
        let app = try await makeTestApp(config: config, migrate: false)
        do {
            // nobody migrating: a clear error naming the command, at once
            await #expect(throws: CommandLineProblem.self) { try await SchemaMigration.waitUntilCurrent(app, timeout: .zero) }
            // a server waiting, then the migration: the wait ends once every change is recorded
            let waiting = Task { try await SchemaMigration.waitUntilCurrent(app, timeout: .seconds(600), poll: .milliseconds(50)) }
            try await SchemaMigration.migrate(app)
            try await withTimeout(seconds: 60) { try await waiting.value }  // after the migration; the wait itself allows for a loaded machine
            #expect(try await SchemaMigration.pending(app).isEmpty)
        } catch {
            Issue.record(error)
        }
        try await dropTestApp(app, config: config)
    }
}
