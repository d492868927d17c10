import Crypto
import Foundation

/// Seals small secrets for storage (TOTP secrets, desktop host passwords) with AES-256-GCM under a key
/// that lives in the configuration, not in the database. Sealed text reads `v1:<base64 nonce+ciphertext+tag>`.
public struct SecretBox: Sendable {
    private let key: SymmetricKey

    /// A box for a 32-byte key.
    public init(keyBytes: [UInt8]) throws(SecretBoxError) {
        guard keyBytes.count == 32 else { throw .badKeyLength(keyBytes.count) }
        key = SymmetricKey(data: keyBytes)
    }

    /// A box with a fresh random key (tests, first start of a demo).
    public static func random() -> SecretBox {
        try! SecretBox(keyBytes: randomKeyBytes())
    }

    public static func randomKeyBytes() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }

    /// A key for another purpose (signing audit checkpoints), derived from the data key with HKDF-SHA256 so that the
    /// sealing key itself is never used for anything else. Each `purpose` gives an unrelated key.
    public func derivedKey(purpose: String) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(
            inputKeyMaterial: key, salt: Data("surgery-anywhere data key".utf8), info: Data(purpose.utf8), outputByteCount: 32)
    }

    public func seal(_ plaintext: String) -> String {
        let box = try! AES.GCM.seal(Data(plaintext.utf8), using: key)
        return "v1:" + box.combined!.base64EncodedString()
    }

    /// A keyed digest in hex: HMAC-SHA256 under a key derived from the data key for `purpose`. The same text gives
    /// the same digest wherever the data key is the same, and without the key the text cannot be found from the
    /// digest, even when it is one of few (every IPv4 address is only 2^32 guesses).
    public func keyedDigest(_ text: String, purpose: String) -> String {
        let derived = HKDF<SHA256>.deriveKey(inputKeyMaterial: key, info: Data(purpose.utf8), outputByteCount: 32)
        return HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: derived).map { String(format: "%02x", $0) }.joined()
    }

    /// The secret inside `sealed`; fails if it was sealed under another key or has been altered.
    public func open(_ sealed: String) throws(SecretBoxError) -> String {
        guard sealed.hasPrefix("v1:"), let data = Data(base64Encoded: String(sealed.dropFirst(3))) else {
            throw .notSealed
        }
        do {
            let box = try AES.GCM.SealedBox(combined: data)
            return String(decoding: try AES.GCM.open(box, using: key), as: UTF8.self)
        } catch {
            throw .cannotOpen
        }
    }
}

/// Why a secret could not be sealed or opened.
public enum SecretBoxError: Error, Equatable, Sendable {
    case badKeyLength(Int)
    case notSealed
    case cannotOpen

    public var message: String {
        switch self {
        case .badKeyLength(let count): "The data key must be 32 bytes (base64 of 32 random bytes); this one has \(count)."
        case .notSealed: "A stored secret is not in the sealed format."
        case .cannotOpen: "A stored secret could not be opened: the data key is not the one it was sealed with."
        }
    }
}
