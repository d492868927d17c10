import Crypto
import Foundation

/// A GOV.UK Notify API key, `{key name}-{service id}-{secret}`: the name may contain hyphens, so the two UUIDs
/// are read from the end (the last 73 characters: 36 + "-" + 36).
public struct NotifyAPIKey: Sendable, Hashable, CustomStringConvertible {
    public let keyName: String
    public let serviceID: String
    public let secret: String

    public init(_ key: String) throws(NotifyKeyError) {
        let text = key.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw .empty }
        let characters = Array(text)
        guard characters.count >= 75, characters.allSatisfy({ $0.isASCII }) else { throw .malformed }
        let secret = String(characters.suffix(36))
        let serviceID = String(characters[(characters.count - 73)..<(characters.count - 37)])
        let keyName = String(characters[0..<(characters.count - 74)])
        guard characters[characters.count - 37] == "-", characters[characters.count - 74] == "-",
            UUID(uuidString: secret) != nil, UUID(uuidString: serviceID) != nil
        else { throw .malformed }
        self.keyName = keyName
        self.serviceID = serviceID
        self.secret = secret
    }

    /// The key name and service only: the secret never reaches a log line.
    public var description: String { "NotifyAPIKey(\(keyName), service \(serviceID), secret redacted)" }
}

/// Why a Notify API key from the configuration was refused.
public enum NotifyKeyError: Error, Equatable, Sendable {
    case empty
    case malformed

    /// What to tell the administrator who set it.
    public var message: String {
        switch self {
        case .empty:
            "The GOV.UK Notify API key is empty. Create a key in Notify (API integration, API keys) and paste the whole key."
        case .malformed:
            "This is not a whole GOV.UK Notify API key. A key is its name followed by two 36-character codes, "
                + "all joined by hyphens. Copy it again from Notify, all of it."
        }
    }
}

/// The JSON Web Tokens that GOV.UK Notify expects with every call: HS256, `iss` = service id, `iat` = now.
public enum NotifyJWT {
    /// A token for a Notify request made at `issuedAt`.
    public static func token(serviceID: String, secret: String, issuedAt: Date) -> String {
        let header = #"{"typ":"JWT","alg":"HS256"}"#
        let iat = Int(issuedAt.timeIntervalSince1970.rounded(.down))
        let claims = #"{"iss":\#(jsonString(serviceID)),"iat":\#(iat)}"#
        let signingInput = base64URL(Array(header.utf8)) + "." + base64URL(Array(claims.utf8))
        let key = SymmetricKey(data: Array(secret.utf8))
        let mac = HMAC<SHA256>.authenticationCode(for: Array(signingInput.utf8), using: key)
        return signingInput + "." + base64URL(Array(mac))
    }

    /// Checks a token as Notify does (for the local stand-in of Notify in tests): HS256, the signature,
    /// `iss` equal to the service id, and `iat` within `leeway` seconds of `now` either way.
    public static func verify(
        _ token: String, secret: String, serviceID: String, now: Date, leeway: TimeInterval = 30
    ) throws(NotifyJWTError) {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let headerBytes = fromBase64URL(parts[0]), let claimBytes = fromBase64URL(parts[1]),
            let signature = fromBase64URL(parts[2])
        else { throw .malformed }
        guard let header = try? JSONDecoder().decode(Header.self, from: Data(headerBytes)) else { throw .malformed }
        guard header.alg == "HS256" else { throw .wrongAlgorithm(header.alg) }
        let signingInput = Array("\(parts[0]).\(parts[1])".utf8)
        let key = SymmetricKey(data: Array(secret.utf8))
        guard HMAC<SHA256>.isValidAuthenticationCode(signature, authenticating: signingInput, using: key) else {
            throw .badSignature
        }
        guard let claims = try? JSONDecoder().decode(Claims.self, from: Data(claimBytes)) else { throw .malformed }
        guard let iss = claims.iss, let iat = claims.iat else { throw .missingClaims }
        guard iss == serviceID else { throw .wrongIssuer }
        guard abs(now.timeIntervalSince1970 - iat) <= leeway else { throw .clockSkew }
    }

    private struct Header: Decodable {
        let alg: String
    }

    private struct Claims: Decodable {
        let iss: String?
        let iat: Double?
    }

    static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func fromBase64URL(_ text: Substring) -> [UInt8]? {
        guard text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else { return nil }
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64).map { Array($0) }
    }

    private static func jsonString(_ text: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .withoutEscapingSlashes
        return (try? encoder.encode(text)).map { String(decoding: $0, as: UTF8.self) } ?? "\"\""
    }
}

/// Why a Notify token was refused, in the words of Notify's own 403 errors.
public enum NotifyJWTError: Error, Equatable, Sendable {
    case malformed
    case wrongAlgorithm(String)
    case badSignature
    case missingClaims
    case wrongIssuer
    case clockSkew

    public var message: String {
        switch self {
        case .malformed: "Invalid token: the token is not a JSON Web Token"
        case .wrongAlgorithm(let alg): "Invalid token: algorithm used is not HS256 (got \(alg))"
        case .badSignature: "Invalid token: API key not found"
        case .missingClaims: "Invalid token: iss and iat are required"
        case .wrongIssuer: "Invalid token: service not found"
        case .clockSkew: "Error: Your system clock must be accurate to within 30 seconds"
        }
    }
}
