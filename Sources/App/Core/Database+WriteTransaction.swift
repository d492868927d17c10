import Fluent
import Logging
import NIOCore
import SQLKit

extension Database {
    /// A transaction that writes. On SQLite it takes the write lock at the start (`BEGIN IMMEDIATE`): a deferred
    /// transaction that has read and then wants to write fails at once with "database is locked" when another
    /// connection is writing, where an immediate one waits its turn. On PostgreSQL it is an ordinary transaction.
    /// Called on the `tx` of a write transaction (both engines), it joins that transaction: work that opens one of its
    /// own (an estate step, an audit row) can run inside the caller's. Never call it on another database handle (such
    /// as `req.db`) inside a write transaction: on SQLite that waits for the write lock this transaction holds.
    func writeTransaction<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        guard let sql = self as? any SQLDatabase, sql.dialect.name == "sqlite", !inTransaction else {
            return try await transaction(body)
        }
        return try await SQLiteWriteGate.shared.run {
            try await immediateTransaction(body)
        }
    }

    private func immediateTransaction<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        try await withConnection { connection in
            guard let sqlConnection = connection as? any SQLDatabase else { return try await connection.transaction(body) }
            try await sqlConnection.raw("BEGIN IMMEDIATE").run()
            do {
                let result = try await body(SQLiteImmediateTransaction(connection: connection, sql: sqlConnection))
                try await sqlConnection.raw("COMMIT").run()
                return result
            } catch {
                try? await sqlConnection.raw("ROLLBACK").run()
                throw error
            }
        }
    }
}

/// A SQLite connection inside `BEGIN IMMEDIATE` that says it is in a transaction, so that a transaction opened on it
/// joins this one (the driver's own connection object would say it is not, and a nested `BEGIN` fails).
struct SQLiteImmediateTransaction: Database, SQLDatabase {
    let connection: any Database
    let sql: any SQLDatabase

    var context: DatabaseContext { connection.context }
    var inTransaction: Bool { true }

    func execute(query: DatabaseQuery, onOutput: @escaping @Sendable (any DatabaseOutput) -> Void) -> EventLoopFuture<Void> {
        connection.execute(query: query, onOutput: onOutput)
    }

    func execute(schema: DatabaseSchema) -> EventLoopFuture<Void> { connection.execute(schema: schema) }
    func execute(enum: DatabaseEnum) -> EventLoopFuture<Void> { connection.execute(enum: `enum`) }

    func transaction<T>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        closure(self)
    }

    func withConnection<T>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        closure(self)
    }

    var logger: Logger { sql.logger }
    var eventLoop: any EventLoop { sql.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { sql.version }
    var dialect: any SQLDialect { sql.dialect }
    var queryLogLevel: Logger.Level? { sql.queryLogLevel }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        sql.execute(sql: query, onRow)
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        try await sql.execute(sql: query, onRow)
    }
}

/// One SQLite writer at a time in this process: SQLite takes one writer anyway, and its driver retries a locked
/// database by spinning, so two writers racing burn the CPU the work needs. Waiting here costs nothing.
actor SQLiteWriteGate {
    static let shared = SQLiteWriteGate()
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func run<T: Sendable>(_ work: @Sendable () async throws -> T) async throws -> T {
        await acquire()
        defer { release() }
        return try await work()
    }

    private func acquire() async {
        if !busy {
            busy = true
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    private func release() {
        if waiting.isEmpty { busy = false } else { waiting.removeFirst().resume() }
    }
}
