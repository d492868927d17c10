import Crypto
import Foundation

/// Proof Key for Code Exchange (RFC 7636, method S256): the sign-in keeps `verifier`, the provider gets `challenge`,
/// and only the holder of the verifier can redeem the code.
public struct ProofKey: Sendable, Equatable {
    public var verifier: String

    public init(verifier: String = SecretToken.generate(byteCount: 48)) {
        self.verifier = verifier
    }

    /// base64url(SHA-256(verifier)), without padding.
    public var challenge: String { Base64URL.encode(Data(SHA256.hash(data: Array(verifier.utf8)))) }
}

/// base64url without padding (RFC 4648 §5), as JOSE writes it.
public enum Base64URL {
    public static func encode(_ data: Data) -> String {
        data.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    public static func decode(_ text: String) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64)
    }
}
