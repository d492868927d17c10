import Crypto
import Foundation

/// The hash behind a one-time password, as authenticator apps name it.
public enum OTPAlgorithm: String, Sendable {
    case sha1 = "SHA1"
    case sha256 = "SHA256"
    case sha512 = "SHA512"
}

/// Time-based one-time passwords (RFC 6238 over RFC 4226 HOTP): the software second factor
/// that replaces hardware VPN tokens.
public struct TOTP: Sendable {
    private let secret: [UInt8]
    private let digits: Int
    private let period: Int
    private let algorithm: OTPAlgorithm

    public init(secret: [UInt8], digits: Int = 6, period: Int = 30, algorithm: OTPAlgorithm = .sha1) {
        self.secret = secret
        self.digits = min(max(digits, 1), 10)
        self.period = max(period, 1)
        self.algorithm = algorithm
    }

    /// The number of whole periods since the Unix epoch at `date` (0 before the epoch).
    public func counter(at date: Date) -> UInt64 {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        guard seconds > 0 else { return 0 }
        return UInt64(seconds) / UInt64(period)
    }

    /// The HOTP code for one counter value, zero-padded to `digits`.
    public func code(counter: UInt64) -> String {
        var bigEndian = counter.bigEndian
        let message = withUnsafeBytes(of: &bigEndian) { Array($0) }
        let mac = authenticationCode(for: message)
        let offset = Int(mac[mac.count - 1] & 0x0F)
        let binary =
            (UInt64(mac[offset] & 0x7F) << 24) | (UInt64(mac[offset + 1]) << 16)
            | (UInt64(mac[offset + 2]) << 8) | UInt64(mac[offset + 3])
        var modulus: UInt64 = 1
        for _ in 0..<digits { modulus *= 10 }
        let value = String(binary % modulus)
        return String(repeating: "0", count: max(0, digits - value.count)) + value
    }

    /// The code an authenticator app shows at `date`.
    public func code(at date: Date) -> String {
        code(counter: counter(at: date))
    }

    /// The counter of the matching step if `code` is right within ±window steps AND the step is later
    /// than `lastUsedCounter`; nil otherwise (a code is never accepted twice).
    public func acceptedCounter(for code: String, at date: Date, window: Int = 1, lastUsedCounter: UInt64?) -> UInt64? {
        let entered = code.filter { !$0.isWhitespace }
        guard entered.count == digits, entered.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        let now = counter(at: date)
        let reach = UInt64(max(window, 0))
        let earliest = now >= reach ? now - reach : 0
        let latest = now > UInt64.max - reach ? UInt64.max : now + reach
        var accepted: UInt64?
        for candidate in earliest...latest {
            if let last = lastUsedCounter, candidate <= last { continue }
            // Check every step so that the time taken does not show which step matched.
            if SecretToken.constantTimeEquals(self.code(counter: candidate), entered), accepted == nil {
                accepted = candidate
            }
        }
        return accepted
    }

    /// The `otpauth://` link that a QR code carries to an authenticator app.
    public func provisioningURI(issuer: String, account: String, base32Secret: String) -> String {
        let label = "\(Self.percentEncode(issuer)):\(Self.percentEncode(account))"
        let query = [
            "secret=\(Self.percentEncode(base32Secret))",
            "issuer=\(Self.percentEncode(issuer))",
            "algorithm=\(algorithm.rawValue)",
            "digits=\(digits)",
            "period=\(period)",
        ]
        return "otpauth://totp/\(label)?\(query.joined(separator: "&"))"
    }

    /// A new 160-bit secret, the length RFC 4226 recommends.
    public static func randomSecret() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<20).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    private func authenticationCode(for message: [UInt8]) -> [UInt8] {
        let key = SymmetricKey(data: secret)
        switch algorithm {
        case .sha1: return Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: key))
        case .sha256: return Array(HMAC<SHA256>.authenticationCode(for: message, using: key))
        case .sha512: return Array(HMAC<SHA512>.authenticationCode(for: message, using: key))
        }
    }

    /// Percent-encodes everything but RFC 3986 unreserved characters, so ":" "@" "&" and spaces are safe.
    private static func percentEncode(_ text: String) -> String {
        var allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
