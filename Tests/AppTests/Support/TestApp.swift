import Domain
import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting

@testable import App

/// The database every test in this run uses: a SQLite file of its own (as in production: an in-memory SQLite
/// shares its cache between connections and fails concurrent writes), or PostgreSQL when TEST_DATABASE_URL is set
/// (`make test` runs the suite once each way). Each PostgreSQL test gets a schema of its own.
enum TestDatabase {
    static var postgresURL: String? {
        ProcessInfo.processInfo.environment["TEST_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    static var isPostgres: Bool { postgresURL != nil }

    /// A configuration for one test; `schema` names the PostgreSQL schema, so that two instances can share it.
    static func config(schema: String = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")) -> AppConfig {
        var config: AppConfig
        if let url = postgresURL {
            config = AppConfig(database: .postgres(url: url, schema: schema))
        } else {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("surgery-test-\(schema).sqlite").path
            config = AppConfig(database: .sqliteFile(path: path))
        }
        config.auditCheckpoints.path = FileManager.default.temporaryDirectory.appendingPathComponent("surgery-test-\(schema)-audit-checkpoints.log").path
        config.bcryptCost = 4
        config.eventChannel = "ev_" + schema
        config.dataKey = SecretBox.randomKeyBytes()
        config.desktops.runsInBackground = false
        config.dutyAlertInterval = nil  // tests run the duty alert check by hand, with a fixed now
        config.readinessSnapshot.interval = nil  // ReadinessSnapshotTests take snapshots by hand or start the loop
        config.throttle = .generous  // tests of the throttle set small limits of their own
        config.retention.runsNightly = false  // RetentionTests run it by hand
        // many apps run at once on one PostgreSQL cluster: a smaller pool each keeps the cluster's connections in hand
        config.postgresConnectionsPerEventLoop = 2
        // the whole suite runs at once on two cores: a request may wait long for a connection or its batched write
        // without anything being wrong (production answers "busy, try again" after 20 s)
        config.databaseWaitLimit = .seconds(120)
        return config
    }
}

/// A fresh, migrated application for one test, shut down (and its schema dropped) afterwards.
func withTestApp<T>(config: AppConfig = TestDatabase.config(), _ body: (Application) async throws -> T) async throws -> T {
    let app = try await makeTestApp(config: config)
    do {
        let result = try await body(app)
        try await dropTestApp(app, config: config)
        return result
    } catch {
        try? await dropTestApp(app, config: config)
        throw error
    }
}

/// A migrated application on `config`; several may share one PostgreSQL schema.
func makeTestApp(config: AppConfig, migrate: Bool = true) async throws -> Application {
    let app = try await Application.make(.testing)
    app.logger.logLevel = .warning
    do {
        try await configure(app, config: config)
        app.fluent.migrationLogLevel = .debug
        if case .postgres(_, let schema?) = config.database, let sql = app.db as? any SQLDatabase {
            try await sql.raw("CREATE SCHEMA IF NOT EXISTS \(ident: schema)").run()
        }
        if migrate { try await app.autoMigrate() }
        try await app.asyncBoot()
        return app
    } catch {
        try? await app.asyncShutdown()
        throw error
    }
}

func dropTestApp(_ app: Application, config: AppConfig, dropSchema: Bool = true) async throws {
    // a test that started the server and then failed before stopping it must not crash the whole run when the server
    // is released (Vapor asserts it was shut down); shutting down a server that never started does nothing
    await app.server.shutdown()
    if dropSchema, case .postgres(_, let schema?) = config.database, let sql = app.db as? any SQLDatabase {
        try? await sql.raw("DROP SCHEMA IF EXISTS \(ident: schema) CASCADE").run()
    }
    try await app.asyncShutdown()
    if dropSchema, case .sqliteFile(let path) = config.database {
        for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
    if dropSchema, let checkpoints = config.auditCheckpoints.path { try? FileManager.default.removeItem(atPath: checkpoints) }
}

/// Waits for `operation`, failing after `seconds`.
func withTimeout<T: Sendable>(seconds: Double, _ operation: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(nanoseconds: UInt64(seconds * 1_000_000_000))
            throw TimeoutError(seconds: seconds)
        }
        let result = try await group.next()!
        group.cancelAll()
        return result
    }
}

struct TimeoutError: Error, CustomStringConvertible {
    var seconds: Double
    var description: String { "Timed out after \(seconds) s" }
}
