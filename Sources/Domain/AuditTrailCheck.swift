import Foundation

/// One audit row as read for checking: all its fields, or its sequence number alone when a field could not be read.
public enum AuditRowReading: Sendable, Equatable {
    case row(ChainedAuditEntry)
    case unreadable(sequence: Int64, recordedAtMillis: Int64?)

    public var sequence: Int64 {
        switch self {
        case .row(let entry): entry.content.sequence
        case .unreadable(let sequence, _): sequence
        }
    }
}

/// Walks the audit trail row by row, in sequence order and page after page, noting every problem; then compares what
/// it saw with the signed checkpoints written outside the table.
public struct AuditTrailCheck: Sendable {
    private var rowProblems: [AuditProblem] = []
    private var fileProblems: [AuditProblem] = []
    private var rowsChecked = 0
    private var lastSequence: Int64 = 0
    private var lastHash = AuditChain.genesisHash
    private var expectedSequence: Int64 = 1
    /// The hash the next row must link to; nil after an unreadable row, whose hash is not known.
    private var expectedPrevious: String? = AuditChain.genesisHash
    private let checkpoints: [AuditCheckpoint]
    private let watched: Set<Int64>
    /// What the walk found at each checkpoint's sequence: the stored hash (nil when unreadable) and when it was recorded.
    private var seen: [Int64: (hash: String?, recordedAtMillis: Int64?)] = [:]

    /// A check against the lines of the checkpoint file; lines that are not checkpoints signed with `key` are problems.
    public init(checkpointLines: [String], key: AuditCheckpointKey) {
        var authentic: [AuditCheckpoint] = []
        var refused: [Int] = []
        for (index, line) in checkpointLines.enumerated() where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            if let checkpoint = AuditCheckpoint.parse(line), key.isAuthentic(checkpoint) {
                authentic.append(checkpoint)
            } else {
                refused.append(index + 1)
            }
        }
        if !refused.isEmpty { fileProblems.append(.checkpointLinesNotAuthentic(lines: refused)) }
        checkpoints = authentic.sorted { ($0.sequence, $0.writtenAtMillis) < ($1.sequence, $1.writtenAtMillis) }
        watched = Set(checkpoints.map(\.sequence))
    }

    /// Checks the next row (rows come in ascending sequence order).
    public mutating func check(_ reading: AuditRowReading) {
        let sequence = reading.sequence
        var linkKnown = expectedPrevious != nil
        if sequence > expectedSequence {
            rowProblems.append(.missing(first: expectedSequence, last: sequence - 1, nextRecordedAtMillis: reading.recordedAtMillis))
            linkKnown = false
        }
        switch reading {
        case .unreadable(_, let at):
            rowProblems.append(.unreadable(sequence: sequence, recordedAtMillis: at))
            expectedPrevious = nil
            if watched.contains(sequence) { seen[sequence] = (nil, at) }
        case .row(let entry):
            let at = entry.content.occurredAtMillis
            if AuditChain.hash(previous: entry.previousHash, content: entry.content) != entry.hash {
                rowProblems.append(.changed(sequence: sequence, recordedAtMillis: at))
            } else if linkKnown, entry.previousHash != expectedPrevious {
                rowProblems.append(.notFollowing(sequence: sequence, recordedAtMillis: at))
            }
            expectedPrevious = entry.hash
            lastHash = entry.hash
            if watched.contains(sequence) { seen[sequence] = (entry.hash, at) }
        }
        rowsChecked += 1
        lastSequence = sequence
        expectedSequence = sequence &+ 1
    }

    /// The report once every row has been checked: the rows' problems, then the head against the checkpoints.
    public func finish() -> AuditTrailReport {
        var headProblems: [AuditProblem] = []
        var lastMatching: AuditCheckpoint?
        for checkpoint in checkpoints where checkpoint.sequence > 0 && checkpoint.sequence <= lastSequence {
            guard let found = seen[checkpoint.sequence], let hash = found.hash else { continue }  // missing or unreadable: said already
            if hash == checkpoint.headHash {
                lastMatching = checkpoint
            } else {
                headProblems.append(
                    .rewritten(checkpoint: checkpoint, recordedAtMillis: found.recordedAtMillis, lastMatching: lastMatching))
                break
            }
        }
        if let furthest = checkpoints.last, furthest.sequence > lastSequence {
            headProblems.append(.tailMissing(lastRow: lastSequence, checkpoint: furthest))
        }
        return AuditTrailReport(
            rowsChecked: rowsChecked, lastSequence: lastSequence, lastHash: lastHash, checkpointsChecked: checkpoints.count,
            problems: rowProblems + headProblems + fileProblems)
    }
}

extension AuditRowReading {
    fileprivate var recordedAtMillis: Int64? {
        switch self {
        case .row(let entry): entry.content.occurredAtMillis
        case .unreadable(_, let at): at
        }
    }
}

/// What a check of the audit trail found.
public struct AuditTrailReport: Sendable, Equatable {
    public var rowsChecked: Int
    public var lastSequence: Int64
    public var lastHash: String
    /// How many signed checkpoints the trail was compared with.
    public var checkpointsChecked: Int
    public var problems: [AuditProblem]

    public var isIntact: Bool { problems.isEmpty }

    /// One sentence per problem, or one saying the trail is intact.
    public func sentences(timeZone: TimeZone = .london) -> [String] {
        guard isIntact else { return problems.map { $0.sentence(timeZone: timeZone) } }
        let rows = rowsChecked == 1 ? "1 row" : "\(AuditProblem.number(Int64(rowsChecked))) rows"
        let against = checkpointsChecked == 1 ? "1 checkpoint" : "\(AuditProblem.number(Int64(checkpointsChecked))) checkpoints"
        return ["The audit trail is intact: \(rows) checked, and its head agrees with \(against)."]
    }
}
