import Crypto
import Domain
import Foundation
import Testing

/// The whole-trail check: every broken row said in a sentence, and the head held against signed checkpoints.
@Suite struct AuditTrailCheckTests {
    /// 2026-12-06 09:41 UTC, which is 09:41 in the UK in December.
    static let morning: Int64 = 1_796_550_060_000
    static let key = AuditCheckpointKey(SymmetricKey(size: .bits256))

    /// `count` rows from sequence 1, one a minute from 09:41.
    static func rows(_ count: Int) -> [ChainedAuditEntry] {
        var entries: [ChainedAuditEntry] = []
        var previous = AuditChain.genesisHash
        for index in 0..<Int64(count) {
            let content = AuditEntryContent(
                sequence: index + 1, occurredAtMillis: morning + index * 60_000, actorID: "person-\(index % 3)", organisationID: "A81001",
                action: "request.viewed", recordType: "triage_request", recordID: "REF\(index)", sourceAddress: nil, detail: "")
            let entry = ChainedAuditEntry(content: content, following: previous)
            entries.append(entry)
            previous = entry.hash
        }
        return entries
    }

    static func checkpoint(at entry: ChainedAuditEntry, key: AuditCheckpointKey = key) -> String {
        AuditCheckpoint(
            sequence: entry.content.sequence, headHash: entry.hash, writtenAtMillis: entry.content.occurredAtMillis + 30_000, key: key
        ).line
    }

    static func report(_ rows: [AuditRowReading], checkpoints: [String] = []) -> AuditTrailReport {
        var check = AuditTrailCheck(checkpointLines: checkpoints, key: key)
        for row in rows { check.check(row) }
        return check.finish()
    }

    @Test func anIntactTrailAgreesWithItsCheckpoints() {
        // setup
        let rows = Self.rows(10)
        // MUT
        let report = Self.report(rows.map(AuditRowReading.row), checkpoints: [Self.checkpoint(at: rows[3]), Self.checkpoint(at: rows[9])])
        // validate
        #expect(report.isIntact)
        #expect(report.rowsChecked == 10)
        #expect(report.lastSequence == 10)
        #expect(report.lastHash == rows[9].hash)
        #expect(report.sentences() == ["The audit trail is intact: 10 rows checked, and its head agrees with 2 checkpoints."])
    }

    @Test func everyChangedRowIsSaidWithItsNumberAndUKTime() {
        // setup: rows 3 and 7 edited in place
        var rows = Self.rows(8)
        rows[2].content.detail = "nothing to see"
        rows[6].content.actorID = "someone else"
        // MUT
        let report = Self.report(rows.map(AuditRowReading.row))
        // validate
        #expect(
            report.sentences() == [
                "Row 3 (recorded 2026-12-06 09:43 UK time) was changed after it was written.",
                "Row 7 (recorded 2026-12-06 09:47 UK time) was changed after it was written.",
            ])
    }

    @Test func aRowWhoseHashWasRecomputedIsSaidAtTheNextRow() {
        // setup
        var rows = Self.rows(5)
        rows[1].content.detail = "edited"
        rows[1].hash = AuditChain.hash(previous: rows[1].previousHash, content: rows[1].content)
        // MUT
        let report = Self.report(rows.map(AuditRowReading.row))
        // validate
        #expect(report.problems == [.notFollowing(sequence: 3, recordedAtMillis: Self.morning + 120_000)])
        #expect(report.sentences()[0].hasPrefix("Row 3 (recorded 2026-12-06 09:43 UK time) does not follow row 2"))
    }

    @Test func rowsMissingFromTheMiddleAreNamed() {
        // setup
        var rows = Self.rows(9)
        rows.removeSubrange(3...5)
        // MUT
        let report = Self.report(rows.map(AuditRowReading.row))
        // validate
        #expect(report.sentences() == ["Rows 4 to 6 are missing: row 7 (recorded 2026-12-06 09:47 UK time) follows row 3."])
    }

    @Test func rowsDeletedFromTheEndShowAgainstTheLastCheckpoint() {
        // setup: a checkpoint counted 1,240 rows; the table now ends at 1,230
        let rows = Self.rows(1240)
        let checkpoint = AuditCheckpoint(sequence: 1240, headHash: rows[1239].hash, writtenAtMillis: 1_796_551_200_000, key: Self.key)
        // MUT
        let report = Self.report(rows.prefix(1230).map(AuditRowReading.row), checkpoints: [checkpoint.line])
        // validate
        #expect(
            report.sentences() == [
                "Rows after 1,230 are missing: the checkpoint of 2026-12-06 10:00 UK time counted 1,240, so rows were deleted from the end of the trail."
            ])
    }

    @Test func anEmptiedTableShowsAgainstTheLastCheckpoint() {
        let rows = Self.rows(3)
        let report = Self.report([], checkpoints: [Self.checkpoint(at: rows[2])])
        #expect(report.problems.count == 1)
        #expect(report.sentences()[0].hasPrefix("Every row of the audit trail is missing"))
    }

    @Test func aRecomputedChainNoLongerMatchesItsCheckpoint() {
        // setup: checkpoints at rows 3 and 8; then row 5 is edited and every hash from it on recomputed
        let original = Self.rows(10)
        let checkpoints = [Self.checkpoint(at: original[2]), Self.checkpoint(at: original[7])]
        var rewritten = Array(original.prefix(4))
        for index in 4..<10 {
            var content = original[index].content
            if index == 4 { content.detail = "rewritten" }
            rewritten.append(ChainedAuditEntry(content: content, following: rewritten[index - 1].hash))
        }
        // MUT
        let report = Self.report(rewritten.map(AuditRowReading.row), checkpoints: checkpoints)
        // validate: the chain itself is whole, but row 8 is not what the checkpoint signed
        #expect(report.problems.count == 1)
        #expect(
            report.sentences() == [
                "The chain was rewritten: row 8 (recorded 2026-12-06 09:48 UK time) no longer matches the checkpoint of 2026-12-06 09:48 UK time, "
                    + "so rows up to it were changed and their hashes recomputed; rows up to 3 still match the checkpoint of 2026-12-06 09:43 UK time."
            ])
    }

    @Test func checkpointLinesWithoutTheKeyAreRefusedAndIgnored() {
        // setup: someone writes a checkpoint for their shortened trail with a key of their own, and scribbles a line
        let rows = Self.rows(6)
        let forged = Self.checkpoint(at: rows[3], key: AuditCheckpointKey(SymmetricKey(size: .bits256)))
        let honest = Self.checkpoint(at: rows[5])
        // MUT
        let report = Self.report(rows.prefix(4).map(AuditRowReading.row), checkpoints: [honest, forged, "", "v1 nonsense"])
        // validate: the honest checkpoint still shows the deleted rows; the two bad lines are named
        #expect(report.problems.count == 2)
        #expect(report.sentences()[0].hasPrefix("Rows after 4 are missing"))
        #expect(report.sentences()[1].hasPrefix("Lines 2 and 4 of the checkpoint file fail their key check"))
    }

    @Test func manyBadCheckpointLinesAreOneSentence() {
        // setup: a file written under an earlier data key
        let oldKey = AuditCheckpointKey(SymmetricKey(size: .bits256))
        let lines = Self.rows(8).map { Self.checkpoint(at: $0, key: oldKey) }
        // MUT
        let report = Self.report(Self.rows(8).map(AuditRowReading.row), checkpoints: lines)
        // validate
        #expect(
            report.sentences() == [
                "8 lines of the checkpoint file (the first is line 1) fail their key check: they were written with another data key "
                    + "or by someone else, so they cannot vouch for the trail."
            ])
    }

    @Test func anUnreadableRowIsAFindingNotACrash() {
        // setup
        var readings = Self.rows(4).map(AuditRowReading.row)
        readings[1] = .unreadable(sequence: 2, recordedAtMillis: nil)
        // MUT
        let report = Self.report(readings)
        // validate: row 3 is not blamed for the unreadable row before it
        #expect(report.problems == [.unreadable(sequence: 2, recordedAtMillis: nil)])
        #expect(report.sentences()[0].hasPrefix("Row 2 cannot be read"))
    }

    @Test func summerTimesAreSaidOnTheUKClock() {
        // 2026-07-06 09:41 UTC is 10:41 in the UK (BST)
        let sentence = AuditProblem.changed(sequence: 1_234, recordedAtMillis: 1_783_330_860_000).sentence()
        #expect(sentence == "Row 1,234 (recorded 2026-07-06 10:41 UK time) was changed after it was written.")
    }
}
