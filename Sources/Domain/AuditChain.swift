import Crypto
import Foundation

/// What one row of the audit trail records: who did what, to which record, when and from where.
public struct AuditEntryContent: Sendable, Equatable {
    public var sequence: Int64
    public var occurredAtMillis: Int64
    public var actorID: String?
    public var organisationID: String?
    public var action: String
    public var recordType: String?
    public var recordID: String?
    public var sourceAddress: String?
    public var detail: String

    public init(
        sequence: Int64, occurredAtMillis: Int64, actorID: String?, organisationID: String?, action: String,
        recordType: String?, recordID: String?, sourceAddress: String?, detail: String
    ) {
        self.sequence = sequence
        self.occurredAtMillis = occurredAtMillis
        self.actorID = actorID
        self.organisationID = organisationID
        self.action = action
        self.recordType = recordType
        self.recordID = recordID
        self.sourceAddress = sourceAddress
        self.detail = detail
    }
}

/// An audit row with the hash that ties it to the row before it.
public struct ChainedAuditEntry: Sendable, Equatable {
    public var content: AuditEntryContent
    public var previousHash: String
    public var hash: String

    public init(content: AuditEntryContent, previousHash: String, hash: String) {
        self.content = content
        self.previousHash = previousHash
        self.hash = hash
    }

    /// The entry that follows `previousHash`, with its hash computed.
    public init(content: AuditEntryContent, following previousHash: String) {
        self.init(content: content, previousHash: previousHash, hash: AuditChain.hash(previous: previousHash, content: content))
    }
}

/// The first place where an audit trail was tampered with.
public struct AuditBreak: Sendable, Equatable {
    public var sequence: Int64
    public var reason: AuditBreakReason

    public init(sequence: Int64, reason: AuditBreakReason) {
        self.sequence = sequence
        self.reason = reason
    }
}

/// Why an audit row does not fit the chain, in words for the person checking the trail.
public enum AuditBreakReason: String, Sendable {
    case contentChanged = "its contents were changed"
    case linkBroken = "it does not follow the row before it"
    case sequenceGap = "rows before it are missing"
}

/// A SHA-256 hash chain over the append-only audit trail, so that an edited, deleted or
/// reordered row shows.
public enum AuditChain {
    /// The `previousHash` of the very first row: 64 zeros.
    public static let genesisHash = String(repeating: "0", count: 64)

    /// SHA-256 (hex, lowercase) over previousHash and an unambiguous length-prefixed encoding of every
    /// content field (nil distinct from "").
    public static func hash(previous: String, content: AuditEntryContent) -> String {
        var bytes: [UInt8] = []
        append(previous, to: &bytes)
        append(content.sequence, to: &bytes)
        append(content.occurredAtMillis, to: &bytes)
        append(content.actorID, to: &bytes)
        append(content.organisationID, to: &bytes)
        append(content.action, to: &bytes)
        append(content.recordType, to: &bytes)
        append(content.recordID, to: &bytes)
        append(content.sourceAddress, to: &bytes)
        append(content.detail, to: &bytes)
        return SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    /// The sequence number of the first entry that breaks the chain (its hash does not match its content,
    /// its previousHash is not the previous entry's hash, or a sequence number is skipped), or nil if the
    /// chain is whole. Entries are given in sequence order; the first must link to genesisHash or to
    /// `expectedFirstPrevious`.
    public static func firstBreak(
        in entries: some Sequence<ChainedAuditEntry>, expectedFirstPrevious: String = genesisHash,
        expectedFirstSequence: Int64 = 1
    ) -> AuditBreak? {
        var expectedPrevious = expectedFirstPrevious
        var expectedSequence = expectedFirstSequence
        for entry in entries {
            let sequence = entry.content.sequence
            if sequence != expectedSequence {
                return AuditBreak(sequence: sequence, reason: sequence > expectedSequence ? .sequenceGap : .linkBroken)
            }
            if hash(previous: entry.previousHash, content: entry.content) != entry.hash {
                return AuditBreak(sequence: sequence, reason: .contentChanged)
            }
            if entry.previousHash != expectedPrevious {
                return AuditBreak(sequence: sequence, reason: .linkBroken)
            }
            expectedPrevious = entry.hash
            expectedSequence = sequence &+ 1
        }
        return nil
    }

    /// Appends a big-endian 64-bit integer.
    private static func append(_ number: Int64, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: number.bigEndian) { bytes.append(contentsOf: $0) }
    }

    /// Appends a tag byte (0 for nil, 1 for a value), then the UTF-8 length and bytes.
    private static func append(_ text: String?, to bytes: inout [UInt8]) {
        guard let text else {
            bytes.append(0)
            return
        }
        bytes.append(1)
        let utf8 = Array(text.utf8)
        append(Int64(utf8.count), to: &bytes)
        bytes.append(contentsOf: utf8)
    }
}
