import Fluent
import SQLKit

extension Database {
    /// A transaction that writes. On SQLite it takes the write lock at the start (`BEGIN IMMEDIATE`): a deferred
    /// transaction that has read and then wants to write fails at once with "database is locked" when another
    /// connection is writing, where an immediate one waits its turn. On PostgreSQL it is an ordinary transaction.
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
                let result = try await body(connection)
                try await sqlConnection.raw("COMMIT").run()
                return result
            } catch {
                try? await sqlConnection.raw("ROLLBACK").run()
                throw error
            }
        }
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
