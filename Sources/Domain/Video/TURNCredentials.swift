import Crypto
import Foundation

/// Time-limited TURN credentials for coturn's `use-auth-secret` (the "TURN REST API"): the app and coturn share a
/// secret, the username carries its own expiry, and the password is a MAC of the username, so coturn needs no user
/// database and a leaked credential stops working at its expiry. The user part is an opaque id for the call, never
/// a patient identifier: coturn writes usernames to its log.
public enum TURNCredentials {
    /// The username `"<expiry unix seconds>:<user>"` (whole seconds, rounded down) and the password
    /// base64(HMAC-SHA1(secret, username)).
    public static func make(secret: String, user: String, expiresAt: Date) -> (username: String, password: String) {
        let username = "\(unixSeconds(expiresAt)):\(user)"
        return (username, password(for: username, secret: secret))
    }

    /// Whether coturn would accept this pair at `now`: the password matches and the expiry has not passed. As in coturn,
    /// the credential still works during its expiry second and stops after it.
    public static func isValid(username: String, password: String, secret: String, now: Date) -> Bool {
        guard let expiry = expiry(ofUsername: username), unixSeconds(now) <= expiry,
            let mac = Data(base64Encoded: password), mac.count == Insecure.SHA1.Digest.byteCount
        else { return false }
        let key = SymmetricKey(data: Array(secret.utf8))
        return HMAC<Insecure.SHA1>.isValidAuthenticationCode(mac, authenticating: Array(username.utf8), using: key)
    }

    /// The expiry (unix seconds) at the start of a `"<expiry>:<user>"` username, or nil when there is none.
    public static func expiry(ofUsername username: String) -> Int? {
        guard let colon = username.firstIndex(of: ":") else { return nil }
        let digits = username[..<colon]
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(digits)
    }

    /// base64(HMAC-SHA1(secret, username)).
    static func password(for username: String, secret: String) -> String {
        let key = SymmetricKey(data: Array(secret.utf8))
        let mac = HMAC<Insecure.SHA1>.authenticationCode(for: Array(username.utf8), using: key)
        return Data(mac).base64EncodedString()
    }

    /// Whole seconds since 1970, rounded down.
    static func unixSeconds(_ date: Date) -> Int {
        Int(date.timeIntervalSince1970.rounded(.down))
    }
}
