import Domain
import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting

@testable import App

/// A failure injected after the fact: the audit row and the action were both written, then the transaction failed.
private struct InjectedFailure: Error {}

/// Makes the commit of any transaction that appended an audit row with `action` fail, after everything was written:
/// a deferred foreign key left dangling (SQLite) or a deferred constraint trigger raising (PostgreSQL).
private func failCommits(auditing action: AuditAction, on app: Application) async throws {
    let sql = try #require(app.db as? any SQLDatabase)
    if TestDatabase.isPostgres {
        try await sql.raw(
            "CREATE FUNCTION fail_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected failure at commit'; END $$"
        ).run()
        try await sql.raw(
            """
            CREATE CONSTRAINT TRIGGER fail_at_commit AFTER INSERT ON audit_events DEFERRABLE INITIALLY DEFERRED FOR EACH ROW \
            WHEN (NEW.action = \(unsafeRaw: "'" + action.rawValue + "'")) EXECUTE FUNCTION fail_at_commit()
            """
        ).run()
    } else {
        try await sql.raw("CREATE TABLE commit_guard_parent (id INTEGER PRIMARY KEY)").run()
        try await sql.raw(
            "CREATE TABLE commit_guard (id INTEGER PRIMARY KEY, parent INTEGER REFERENCES commit_guard_parent(id) DEFERRABLE INITIALLY DEFERRED)"
        ).run()
        try await sql.raw(
            """
            CREATE TRIGGER fail_at_commit AFTER INSERT ON audit_events WHEN NEW.action = \(unsafeRaw: "'" + action.rawValue + "'") \
            BEGIN INSERT INTO commit_guard (parent) VALUES (-1); END
            """
        ).run()
    }
}

private func auditRows(_ app: Application, _ action: AuditAction) async throws -> Int {
    try await AuditEvent.query(on: app.db).filter(\.$action == action.rawValue).count()
}

/// Audit rows are written in the same transaction as the action they record: both commit, or neither.
@Suite struct AuditTransactionTests {
    @Test func anAuditRowAppendedInATransactionRollsBackWithIt() async throws {
        try await withTestApp { app in
            // MUT: the change and its audit row are written, then the transaction fails
            await #expect(throws: InjectedFailure.self) {
                try await app.db.writeTransaction { tx in
                    try await Organisation(odsCode: "Z99990", name: "Rolled back", kind: .practice).create(on: tx)
                    try await app.auditTrail.append(AuditRecord(action: .odsImported, recordID: "Z99990"), within: tx)
                    throw InjectedFailure()
                }
            }
            // validate: neither is there; the next append (and the chain) carry on
            #expect(try await Organisation.query(on: app.db).filter(\.$odsCode == "Z99990").count() == 0)
            #expect(try await auditRows(app, .odsImported) == 0)
            try await app.db.writeTransaction { tx in
                try await Organisation(odsCode: "Z99991", name: "Kept", kind: .practice).create(on: tx)
                try await app.auditTrail.append(AuditRecord(action: .odsImported, recordID: "Z99991"), within: tx)
            }
            #expect(try await auditRows(app, .odsImported) == 1)
            #expect(try await AuditVerification.run(on: app.db, checkpoints: app.auditCheckpoints, logger: app.logger).isIntact)
        }
    }

    @Test func aTriageNoteWhoseCommitFailsLeavesNeitherTheNoteNorItsAuditRow() async throws {
        try await withTestApp { app in
            // setup
            let world = try await TestWorld.make(on: app)
            var staff = TestBrowser(app)
            try await staff.signIn(world.gpA)
            try await failCommits(auditing: .requestChanged, on: app)
            // MUT
            let response = try await staff.post("/consult/requests/\(world.requestA)/note", form: ["note": "Rang the patient"])
            // validate
            #expect(response.status == .internalServerError)
            #expect(try await RequestNote.query(on: app.db).filter(\.$request.$id == world.requestA).count() == 0)
            #expect(try await auditRows(app, .requestChanged) == 0)
            #expect(try await AuditVerification.run(on: app.db, checkpoints: app.auditCheckpoints, logger: app.logger).isIntact)
        }
    }

    @Test func anEstateStepWhoseCommitFailsLeavesNeitherTheStepNorItsAuditRow() async throws {
        try await withTestApp { app in
            // setup: the manager's draft, submitted through the flow's own transaction joined to the handler's
            let world = try await TestWorld.make(on: app)
            var manager = TestBrowser(app)
            try await manager.signIn(world.managerA)
            try await failCommits(auditing: .estateRequestChanged, on: app)
            // MUT
            let response = try await manager.post("/estate/requests/\(world.estateRequestA)/submit")
            // validate
            #expect(response.status == .internalServerError)
            let request = try #require(try await EstateRequest.find(world.estateRequestA, on: app.db))
            #expect(request.status == .draft)
            #expect(try await auditRows(app, .estateRequestChanged) == 0)
        }
    }

    @Test func anEstateStepCommitsWithItsAuditRow() async throws {
        try await withTestApp { app in
            // setup
            let world = try await TestWorld.make(on: app)
            var manager = TestBrowser(app)
            try await manager.signIn(world.managerA)
            // MUT: the limit catches a hang, and allows for the whole suite queueing for the database on two cores
            let response = try await withTimeout(seconds: 180) { [manager] in
                var manager = manager
                return try await manager.post("/estate/requests/\(world.estateRequestA)/submit")
            }
            // validate
            #expect(response.status == .seeOther)
            let request = try #require(try await EstateRequest.find(world.estateRequestA, on: app.db))
            #expect(request.status != .draft)
            let row = try #require(
                try await AuditEvent.query(on: app.db).filter(\.$action == AuditAction.estateRequestChanged.rawValue).first())
            #expect(row.recordID == world.estateRequestA.uuidString)
            #expect(row.detail == "submitted")
        }
    }

    @Test func aWriteTransactionOpenedInsideAnotherJoinsIt() async throws {
        try await withTestApp { app in
            // MUT: on SQLite the inner one would otherwise wait for the write lock the outer one holds (the limit allows
            // for the whole suite queueing at the same write gate on two cores)
            let inTransaction = try await withTimeout(seconds: 60) {
                try await app.db.writeTransaction { tx in
                    try await tx.writeTransaction { inner in
                        try await Organisation(odsCode: "Z99992", name: "Inner", kind: .practice).create(on: inner)
                        return inner.inTransaction
                    }
                }
            }
            // validate
            #expect(inTransaction)
            #expect(try await Organisation.query(on: app.db).filter(\.$odsCode == "Z99992").count() == 1)
        }
    }
}
