import Domain
import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting

@testable import App

/// Migration 017: the database refuses to change or delete an audit row (a trigger on PostgreSQL and on SQLite).
@Suite struct AuditAppendOnlyTests {
    @Test func anUpdateOfAnAuditRowIsRefused() async throws {
        try await withTestApp { app in
            // setup
            try await appendRows(app, 2)
            let sql = try #require(app.db as? any SQLDatabase)
            // MUT + validate
            await #expect(throws: (any Error).self) {
                try await sql.raw("UPDATE audit_events SET detail = 'nothing to see' WHERE sequence = 1").run()
            }
            #expect(try await AuditEvent.find(1, on: app.db)?.detail == "")
        }
    }

    @Test func aDeleteOfAuditRowsIsRefused() async throws {
        try await withTestApp { app in
            // setup
            try await appendRows(app, 3)
            let sql = try #require(app.db as? any SQLDatabase)
            // MUT + validate
            await #expect(throws: (any Error).self) { try await sql.raw("DELETE FROM audit_events WHERE sequence = 3").run() }
            await #expect(throws: (any Error).self) { try await AuditEvent.query(on: app.db).delete() }
            if TestDatabase.isPostgres {
                await #expect(throws: (any Error).self) { try await sql.raw("TRUNCATE audit_events").run() }
            }
            #expect(try await AuditEvent.query(on: app.db).count() == 3)
        }
    }

    @Test func appendingStillWorksAndTheRefusalSaysWhy() async throws {
        try await withTestApp { app in
            // setup
            try await appendRows(app, 1)
            let sql = try #require(app.db as? any SQLDatabase)
            // MUT
            var message = ""
            do {
                try await sql.raw("DELETE FROM audit_events").run()
            } catch {
                message = String(reflecting: error)
            }
            try await appendRows(app, 1)
            // validate
            #expect(message.contains("The audit trail is append-only"))
            #expect(try await AuditEvent.query(on: app.db).count() == 2)
        }
    }
}
