import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// `surgery audit verify` without the command line: reads the checkpoint file, walks every row of the trail in pages
/// (each field read on its own, so a damaged row is a finding, not a crash) and says what it found. When the trail is
/// intact it writes a fresh checkpoint.
enum AuditVerification {
    /// The sentences to print and whether the trail passed.
    struct Outcome: Sendable {
        var report: AuditTrailReport
        /// What to print, one sentence a line: the problems (or that it is intact), then notes about the checkpoints.
        var lines: [String]
        var isIntact: Bool { report.isIntact }
    }

    static func run(on db: any Database, checkpoints: AuditCheckpoints, logger: Logger, pageSize: Int = 5000) async throws -> Outcome {
        let lines = try checkpoints.lines()
        var check = AuditTrailCheck(checkpointLines: lines, key: checkpoints.key)
        guard let sql = db as? any SQLDatabase else { throw Abort(.internalServerError, reason: "The audit trail needs an SQL database.") }
        var from: Int64 = .min
        while true {
            let rows = try await sql.raw(
                """
                SELECT sequence, occurred_at_ms, actor_id, organisation_id, action, record_type, record_id, source_address, detail, \
                previous_hash, hash FROM audit_events WHERE sequence > \(bind: from) ORDER BY sequence LIMIT \(bind: pageSize)
                """
            ).all()
            for row in rows { check.check(try reading(row)) }
            guard rows.count == pageSize, let last = rows.last else { break }
            from = try last.decode(column: "sequence", as: Int64.self)
        }
        let report = check.finish()
        var notes: [String] = []
        if report.isIntact {
            let written = try checkpoints.write(sequence: report.lastSequence, headHash: report.lastHash, logger: logger)
            if lines.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
                notes.append(noCheckpointsNote(checkpoints.path, wrote: written))
            }
        }
        return Outcome(report: report, lines: report.sentences() + notes)
    }

    /// Said when there were no checkpoints to compare with: without them rows deleted from the end cannot show.
    private static func noCheckpointsNote(_ path: String?, wrote checkpoint: AuditCheckpoint) -> String {
        guard let path else {
            return "No checkpoint file is set (AUDIT_CHECKPOINT_PATH), so rows deleted from the end or a recomputed chain can show "
                + "only against the checkpoints in the server's log; one for row \(checkpoint.sequence) was logged now."
        }
        return "There were no checkpoints in \(path) to compare the head with (a first check, or the file was removed); "
            + "one for row \(checkpoint.sequence) was written now."
    }

    /// One row, or its sequence number alone when another field is missing or not of its kind.
    private static func reading(_ row: any SQLRow) throws -> AuditRowReading {
        let sequence = try row.decode(column: "sequence", as: Int64.self)
        let at = try? row.decode(column: "occurred_at_ms", as: Int64.self)
        func text(_ column: String) -> String?? { try? row.decode(column: column, as: String?.self) }
        guard let at, let action = text("action") ?? nil, let detail = text("detail") ?? nil,
            let previous = text("previous_hash") ?? nil, let hash = text("hash") ?? nil,
            let actor = text("actor_id"), let organisation = text("organisation_id"), let recordType = text("record_type"),
            let recordID = text("record_id"), let source = text("source_address")
        else { return .unreadable(sequence: sequence, recordedAtMillis: at) }
        let content = AuditEntryContent(
            sequence: sequence, occurredAtMillis: at, actorID: actor, organisationID: organisation, action: action,
            recordType: recordType, recordID: recordID, sourceAddress: source, detail: detail)
        return .row(ChainedAuditEntry(content: content, previousHash: previous, hash: hash))
    }
}
