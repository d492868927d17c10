import Domain
import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting

@testable import App

/// The chain's head anchored outside the database: signed checkpoints in a file (and the log), held against the table
/// by `surgery audit verify`.
@Suite struct AuditCheckpointAppTests {
    private func checkpointFile(_ app: Application) throws -> String { try #require(app.auditCheckpoints.path) }

    private func lastCheckpoint(_ path: String) throws -> AuditCheckpoint {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return try #require(text.split(separator: "\n").last.flatMap(AuditCheckpoint.parse))
    }

    @Test func rowsDeletedFromTheEndAreFoundAgainstTheLastCheckpoint() async throws {
        try await withTestApp { app in
            // setup: eight rows and a checkpoint of them
            try await appendRows(app, 8)
            try await app.auditCheckpoints.writeIfMoved(on: app.db, logger: app.logger)
            // MUT: the last two rows are deleted (the chain that is left is whole)
            try await tamper(app) { try await $0.raw("DELETE FROM audit_events WHERE sequence > 6").run() }
            // validate
            let outcome = try await runAuditVerify(app)
            #expect(outcome.failed)
            #expect(outcome.lines.count == 1)
            #expect(outcome.lines[0].hasPrefix("Rows after 6 are missing: the checkpoint of "))
            #expect(outcome.lines[0].hasSuffix(" UK time counted 8, so rows were deleted from the end of the trail."))
        }
    }

    @Test func theServerNeverSignsAHeadThatDoesNotExtendItsLastCheckpoint() async throws {
        try await withTestApp { app in
            // setup
            try await appendRows(app, 5)
            try await app.auditCheckpoints.writeIfMoved(on: app.db, logger: app.logger)
            let path = try checkpointFile(app)
            let before = try String(contentsOfFile: path, encoding: .utf8)
            // MUT: the end is cut off, and a new row takes the place of one that was there
            try await tamper(app) { try await $0.raw("DELETE FROM audit_events WHERE sequence > 3").run() }
            try await appendRows(app, 2)
            // validate: the head (row 5 again, another hash) is refused, and a fresh instance reading the file refuses it too
            await #expect(throws: AuditCheckpointMismatch.self) {
                try await app.auditCheckpoints.writeIfMoved(on: app.db, logger: app.logger)
            }
            let fresh = AuditCheckpoints(path: path, key: app.auditCheckpoints.key)
            await #expect(throws: AuditCheckpointMismatch.self) { try await fresh.writeIfMoved(on: app.db, logger: app.logger) }
            #expect(try String(contentsOfFile: path, encoding: .utf8) == before)
        }
    }

    @Test func aChainRewrittenWithRecomputedHashesIsFound() async throws {
        try await withTestApp { app in
            // setup
            try await appendRows(app, 6)
            try await app.auditCheckpoints.writeIfMoved(on: app.db, logger: app.logger)
            // MUT: row 2 is edited and every hash from it on recomputed, without the checkpoint key
            try await tamper(app) { sql in
                var previous = AuditChain.genesisHash
                for event in try await AuditEvent.query(on: app.db).sort(\.$id).all() {
                    var content = event.content
                    if content.sequence == 2 { content.detail = "rewritten" }
                    let hash = AuditChain.hash(previous: previous, content: content)
                    try await sql.raw(
                        """
                        UPDATE audit_events SET detail = \(bind: content.detail), previous_hash = \(bind: previous), hash = \(bind: hash) \
                        WHERE sequence = \(bind: content.sequence)
                        """
                    ).run()
                    previous = hash
                }
            }
            // validate: the chain alone looks whole; the checkpoint does not agree
            let outcome = try await runAuditVerify(app)
            #expect(outcome.failed)
            #expect(outcome.lines.count == 1)
            #expect(outcome.lines[0].hasPrefix("The chain was rewritten: row "))
            #expect(outcome.lines[0].contains("no longer matches the checkpoint of"))
        }
    }

    @Test func verifyWritesAnOwnerOnlyCheckpointOfTheHeadAndNotesAMissingFile() async throws {
        try await withTestApp { app in
            // setup: the file is gone
            try await appendRows(app, 3)
            let path = try checkpointFile(app)
            try? FileManager.default.removeItem(atPath: path)
            // MUT
            let outcome = try await runAuditVerify(app)
            // validate
            #expect(!outcome.failed)
            #expect(outcome.lines.count == 2)
            #expect(
                outcome.lines[1]
                    == "There were no checkpoints in \(path) to compare the head with (a first check, or the file was removed); one for row 3 was written now."
            )
            let checkpoint = try lastCheckpoint(path)
            #expect(checkpoint.sequence == 3)
            #expect(checkpoint.headHash == (try await AuditEvent.find(3, on: app.db))?.hash)
            #expect(app.auditCheckpoints.key.isAuthentic(checkpoint))
            let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
            #expect(mode == 0o600)
        }
    }

    @Test func theServerWritesACheckpointWhenItStops() async throws {
        // setup
        let config = TestDatabase.config()
        let app = try await makeTestApp(config: config)
        let path = try checkpointFile(app)
        // the checkpoint written at start-up is there before the rows are (the next one is a minute away)
        try await withTimeout(seconds: 10) {
            while (try? String(contentsOfFile: path, encoding: .utf8))?.isEmpty ?? true { try await Task.sleep(for: .milliseconds(20)) }
        }
        try await appendRows(app, 4)
        // MUT
        try await app.asyncShutdown()
        // validate
        let checkpoint = try lastCheckpoint(path)
        #expect(checkpoint.sequence == 4)
        let again = try await makeTestApp(config: config, migrate: false)
        #expect(checkpoint.headHash == (try await AuditEvent.find(4, on: again.db))?.hash)
        try await dropTestApp(again, config: config)
    }

    @Test func aLineNotSignedWithTheDataKeyIsNamed() async throws {
        try await withTestApp { app in
            // setup: someone appends a checkpoint of their own making
            try await appendRows(app, 2)
            try await app.auditCheckpoints.writeIfMoved(on: app.db, logger: app.logger)
            let path = try checkpointFile(app)
            let lineCount = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").count
            let forged = AuditCheckpoint(
                sequence: 2, headHash: AuditChain.genesisHash, writtenAtMillis: 1, key: AuditCheckpointKey(box: SecretBox.random()))
            let handle = try #require(FileHandle(forWritingAtPath: path))
            try handle.seekToEnd()
            try handle.write(contentsOf: Data((forged.line + "\n").utf8))
            try handle.close()
            // MUT
            let outcome = try await runAuditVerify(app)
            // validate
            #expect(outcome.failed)
            #expect(
                outcome.lines == [
                    "Line \(lineCount + 1) of the checkpoint file fails its key check: it was written with another data key or by someone else, so it cannot vouch for the trail."
                ])
        }
    }

    @Test func aDamagedRowIsASentenceNotACrash() async throws {
        try await withTestApp { app in
            // setup
            try await appendRows(app, 3)
            // MUT: a field of row 2 is given a value of the wrong kind (SQLite) or emptied (PostgreSQL, constraint dropped first)
            try await tamper(app) { sql in
                if TestDatabase.isPostgres {
                    try await sql.raw("ALTER TABLE audit_events ALTER COLUMN hash DROP NOT NULL").run()
                    try await sql.raw("UPDATE audit_events SET hash = NULL WHERE sequence = 2").run()
                } else {
                    try await sql.raw("UPDATE audit_events SET occurred_at_ms = 'yesterday' WHERE sequence = 2").run()
                }
            }
            // validate
            let outcome = try await runAuditVerify(app)
            #expect(outcome.failed)
            #expect(outcome.lines.count == 1)
            #expect(outcome.lines[0].hasPrefix("Row 2"))
            #expect(outcome.lines[0].contains("cannot be read: one of its fields was emptied or given a value of the wrong kind"))
        }
    }
}
