import Crypto
import Foundation

/// Long random tokens for patient links, invitations, session cookies and API tokens, stored hashed.
public enum SecretToken {
    /// 32 random bytes, base64url without padding (43 characters): for patient links, invitations,
    /// session cookies, API tokens.
    public static func generate(byteCount: Int = 32) -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<max(byteCount, 1)).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return String(decoding: Data(bytes).base64EncodedData().compactMap(urlSafe), as: UTF8.self)
    }

    /// Base64's `+` and `/` as base64url's `-` and `_`; the padding dropped.
    private static func urlSafe(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "+"): UInt8(ascii: "-")
        case UInt8(ascii: "/"): UInt8(ascii: "_")
        case UInt8(ascii: "="): nil
        default: byte
        }
    }

    /// Lowercase hex SHA-256, used to store tokens hashed (every signed-in request digests its cookies).
    public static func digest(_ token: String) -> String {
        let hex = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in SHA256.hash(data: Array(token.utf8)) {
            text.append(hex[Int(byte >> 4)])
            text.append(hex[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Constant-time comparison of two strings.
    public static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let left = Array(a.utf8), right = Array(b.utf8)
        var difference: UInt8 = left.count == right.count ? 0 : 1
        for index in 0..<max(left.count, right.count) {
            let l = index < left.count ? left[index] : 0
            let r = index < right.count ? right[index] : 0
            difference |= l ^ r
        }
        return difference == 0
    }
}

/// One-time codes that let a person sign in when their authenticator app is lost.
public enum RecoveryCodes {
    /// No 0/o, 1/l/i: characters that are easy to misread on paper.
    static let alphabet = Array("abcdefghjkmnpqrstuvwxyz23456789")

    /// `count` one-time codes like "k7pq-2xzm-9wtc" from an alphabet without look-alike characters.
    public static func generate(count: Int = 10) -> [String] {
        var generator = SystemRandomNumberGenerator()
        return (0..<max(count, 0)).map { _ in
            (0..<3).map { _ in
                String((0..<4).map { _ in alphabet.randomElement(using: &generator)! })
            }.joined(separator: "-")
        }
    }

    /// Lower-cases and removes spaces so that "K7PQ 2XZM 9WTC" matches.
    public static func normalise(_ code: String) -> String {
        let lowered = code.lowercased().filter { !$0.isWhitespace }
        // "K7PQ 2XZM 9WTC" and "k7pq-2xzm-9wtc" should match, so put the hyphens back in place.
        let letters = lowered.filter { $0 != "-" }
        guard letters.count == 12 else { return lowered }
        let characters = Array(letters)
        return [characters[0..<4], characters[4..<8], characters[8..<12]].map { String($0) }.joined(separator: "-")
    }
}
