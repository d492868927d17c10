import Crypto
import Foundation

/// The head of the audit chain at one moment (its last row's sequence number and hash), signed with a key the database
/// never holds. Checkpoints are kept outside the audit table, so rows deleted from the end, or a chain rewritten with
/// its hashes recomputed, no longer match them.
public struct AuditCheckpoint: Sendable, Equatable {
    /// The last row's sequence number when the checkpoint was written; 0 for an empty trail.
    public var sequence: Int64
    /// That row's hash (the genesis hash for an empty trail).
    public var headHash: String
    public var writtenAtMillis: Int64
    /// HMAC-SHA256 (hex) over the fields above, under the checkpoint key.
    public var mac: String

    public init(sequence: Int64, headHash: String, writtenAtMillis: Int64, mac: String) {
        self.sequence = sequence
        self.headHash = headHash
        self.writtenAtMillis = writtenAtMillis
        self.mac = mac
    }

    /// A checkpoint signed with `key`.
    public init(sequence: Int64, headHash: String, writtenAtMillis: Int64, key: AuditCheckpointKey) {
        self.init(
            sequence: sequence, headHash: headHash, writtenAtMillis: writtenAtMillis,
            mac: key.mac(sequence: sequence, headHash: headHash, writtenAtMillis: writtenAtMillis))
    }

    /// One line of the checkpoint file: `v1 at_ms=… sequence=… head=… mac=…`.
    public var line: String {
        "v1 at_ms=\(writtenAtMillis) sequence=\(sequence) head=\(headHash) mac=\(mac)"
    }

    /// The checkpoint on a line of the file, or nil when the line is not one (damaged, or written by something else).
    public static func parse(_ line: some StringProtocol) -> AuditCheckpoint? {
        let parts = String(line).split(separator: " ")
        guard parts.count == 5, parts[0] == "v1" else { return nil }
        var fields: [Substring: Substring] = [:]
        for part in parts.dropFirst() {
            guard let equals = part.firstIndex(of: "=") else { return nil }
            fields[part[..<equals]] = part[part.index(after: equals)...]
        }
        guard let at = fields["at_ms"].flatMap({ Int64($0) }), let sequence = fields["sequence"].flatMap({ Int64($0) }),
            sequence >= 0, let head = fields["head"], isHex(head), let mac = fields["mac"], isHex(mac)
        else { return nil }
        return AuditCheckpoint(sequence: sequence, headHash: String(head), writtenAtMillis: at, mac: String(mac))
    }

    private static func isHex(_ text: Substring) -> Bool {
        text.count == 64 && text.allSatisfy { "0123456789abcdef".contains($0) }
    }
}

/// The key that signs audit checkpoints: derived from the data key (HKDF), never the sealing key itself, and never
/// stored in the database, so someone who can only change the database cannot write a checkpoint that passes.
public struct AuditCheckpointKey: Sendable {
    /// The HKDF `info` that makes this key; changing it would make every written checkpoint fail.
    public static let purpose = "surgery-anywhere audit checkpoint v1"

    private let key: SymmetricKey

    public init(_ key: SymmetricKey) {
        self.key = key
    }

    /// The key derived from the data key inside `box`.
    public init(box: SecretBox) {
        self.init(box.derivedKey(purpose: Self.purpose))
    }

    /// HMAC-SHA256 (lowercase hex) over a checkpoint's fields, each on a line of its own.
    public func mac(sequence: Int64, headHash: String, writtenAtMillis: Int64) -> String {
        HMAC<SHA256>.authenticationCode(for: Self.message(sequence, headHash, writtenAtMillis), using: key)
            .map { String(format: "%02x", $0) }.joined()
    }

    /// Whether the checkpoint was signed with this key (compared in constant time).
    public func isAuthentic(_ checkpoint: AuditCheckpoint) -> Bool {
        guard let given = Self.bytes(fromHex: checkpoint.mac) else { return false }
        let message = Self.message(checkpoint.sequence, checkpoint.headHash, checkpoint.writtenAtMillis)
        return HMAC<SHA256>.isValidAuthenticationCode(given, authenticating: message, using: key)
    }

    private static func message(_ sequence: Int64, _ headHash: String, _ writtenAtMillis: Int64) -> Data {
        Data("\(purpose)\n\(sequence)\n\(headHash)\n\(writtenAtMillis)".utf8)
    }

    private static func bytes(fromHex hex: String) -> [UInt8]? {
        guard hex.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            guard let byte = UInt8(hex[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        return bytes
    }
}
