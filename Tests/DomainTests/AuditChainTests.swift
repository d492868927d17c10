import Domain
import Testing

@Suite struct AuditChainTests {
    /// A chain of `count` rows from sequence `first`, linked to `previous`.
    static func chain(count: Int, first: Int64 = 1, previous: String = AuditChain.genesisHash) -> [ChainedAuditEntry] {
        var entries: [ChainedAuditEntry] = []
        var previousHash = previous
        for index in 0..<Int64(count) {
            let content = AuditEntryContent(
                sequence: first + index, occurredAtMillis: 1_790_000_000_000 + index * 1000, actorID: "user-\(index % 3)",
                organisationID: "L81008", action: "patient.record.viewed", recordType: "TriageRequest",
                recordID: "req-\(index)", sourceAddress: "192.0.2.\(index)", detail: "row \(index)")
            let entry = ChainedAuditEntry(content: content, following: previousHash)
            entries.append(entry)
            previousHash = entry.hash
        }
        return entries
    }

    @Test func genesisIsSixtyFourZeros() {
        #expect(AuditChain.genesisHash == String(repeating: "0", count: 64))
    }

    @Test func hashIsLowerCaseHexSHA256() {
        let hash = Self.chain(count: 1)[0].hash
        #expect(hash.count == 64)
        #expect(hash.allSatisfy { "0123456789abcdef".contains($0) })
    }

    @Test func wholeChainHasNoBreak() {
        #expect(AuditChain.firstBreak(in: Self.chain(count: 20)) == nil)
        #expect(AuditChain.firstBreak(in: [ChainedAuditEntry]()) == nil)
    }

    @Test func editedRowIsDetected() {
        // setup
        var entries = Self.chain(count: 10)
        entries[4].content.detail = "nothing to see here"
        // MUT
        let found = AuditChain.firstBreak(in: entries)
        // validate
        #expect(found == AuditBreak(sequence: 5, reason: .contentChanged))
    }

    @Test func rehashedEditIsDetectedAtTheNextRow() {
        // setup: the editor also recomputes the edited row's hash
        var entries = Self.chain(count: 10)
        entries[4].content.actorID = "someone-else"
        entries[4].hash = AuditChain.hash(previous: entries[4].previousHash, content: entries[4].content)
        // MUT
        let found = AuditChain.firstBreak(in: entries)
        // validate
        #expect(found == AuditBreak(sequence: 6, reason: .linkBroken))
    }

    @Test func deletedRowIsDetected() {
        // setup
        var entries = Self.chain(count: 10)
        entries.remove(at: 6)
        // MUT
        let found = AuditChain.firstBreak(in: entries)
        // validate
        #expect(found == AuditBreak(sequence: 8, reason: .sequenceGap))
    }

    @Test func deletedAndRenumberedRowIsDetected() {
        // setup: rows after the deleted one renumbered and rehashed by someone without the chain
        var entries = Self.chain(count: 10)
        entries.remove(at: 6)
        for index in 6..<entries.count {
            entries[index].content.sequence -= 1
            entries[index].hash = AuditChain.hash(previous: entries[index].previousHash, content: entries[index].content)
        }
        // MUT + validate
        #expect(AuditChain.firstBreak(in: entries) == AuditBreak(sequence: 7, reason: .linkBroken))
    }

    @Test func reorderedRowsAreDetected() {
        // setup
        var entries = Self.chain(count: 10)
        entries.swapAt(2, 3)
        // MUT
        let found = AuditChain.firstBreak(in: entries)
        // validate
        #expect(found?.sequence == 4)
        #expect(found != nil)
    }

    @Test func deletedFirstRowIsDetected() {
        let entries = Array(Self.chain(count: 5).dropFirst())
        #expect(AuditChain.firstBreak(in: entries) == AuditBreak(sequence: 2, reason: .sequenceGap))
    }

    @Test func checksASegmentFromTheMiddle() {
        // setup
        let entries = Self.chain(count: 10)
        let segment = entries[5...]
        // MUT
        let found = AuditChain.firstBreak(
            in: segment, expectedFirstPrevious: entries[4].hash, expectedFirstSequence: 6)
        // validate
        #expect(found == nil)
        #expect(
            AuditChain.firstBreak(in: segment, expectedFirstPrevious: entries[3].hash, expectedFirstSequence: 6)
                == AuditBreak(sequence: 6, reason: .linkBroken))
    }

    @Test func nilDiffersFromEmptyAndFieldsDoNotRunTogether() {
        // setup
        let base = AuditEntryContent(
            sequence: 1, occurredAtMillis: 0, actorID: nil, organisationID: "", action: "a", recordType: nil,
            recordID: nil, sourceAddress: nil, detail: "")
        var empty = base
        empty.actorID = ""
        var shiftedLeft = base
        shiftedLeft.action = "ab"
        shiftedLeft.detail = ""
        var shiftedRight = base
        shiftedRight.action = "a"
        shiftedRight.detail = "b"
        var swapped = base
        swapped.organisationID = nil
        swapped.actorID = ""
        // MUT
        let hashes = [base, empty, shiftedLeft, shiftedRight, swapped].map {
            AuditChain.hash(previous: AuditChain.genesisHash, content: $0)
        }
        // validate
        #expect(Set(hashes).count == hashes.count)
    }

    @Test func hashDependsOnPreviousAndEveryField() {
        // setup
        let content = Self.chain(count: 1)[0].content
        let original = AuditChain.hash(previous: AuditChain.genesisHash, content: content)
        var changes: [AuditEntryContent] = []
        var copy = content
        copy.sequence += 1; changes.append(copy); copy = content
        copy.occurredAtMillis += 1; changes.append(copy); copy = content
        copy.actorID = nil; changes.append(copy); copy = content
        copy.organisationID = "L81009"; changes.append(copy); copy = content
        copy.action = "x"; changes.append(copy); copy = content
        copy.recordType = nil; changes.append(copy); copy = content
        copy.recordID = "req-9"; changes.append(copy); copy = content
        copy.sourceAddress = nil; changes.append(copy); copy = content
        copy.detail += "."; changes.append(copy)
        // validate
        for changed in changes {
            #expect(AuditChain.hash(previous: AuditChain.genesisHash, content: changed) != original)
        }
        #expect(AuditChain.hash(previous: String(repeating: "1", count: 64), content: content) != original)
        #expect(AuditChain.hash(previous: AuditChain.genesisHash, content: content) == original)
    }

    @Test func reasonsReadAsSentences() {
        #expect(AuditBreakReason.contentChanged.rawValue == "its contents were changed")
        #expect(AuditBreakReason.linkBroken.rawValue == "it does not follow the row before it")
        #expect(AuditBreakReason.sequenceGap.rawValue == "rows before it are missing")
    }
}
