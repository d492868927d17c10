import Crypto
import Domain
import Foundation
import Testing

@Suite struct NotifyCredentialsTests {
    let serviceID = "26785a09-ab16-4eb0-8407-a37497a57506"
    let secret = "3d844edf-8d35-48ac-975b-e847b4f122b0"

    @Test func readsAKeyWhoseNameHasHyphens() throws {
        // MUT
        let key = try NotifyAPIKey("surgery-anywhere-live-\(serviceID)-\(secret)\n")
        // validate
        #expect(key.keyName == "surgery-anywhere-live")
        #expect(key.serviceID == serviceID)
        #expect(key.secret == secret)
        #expect(!key.description.contains(secret))
        #expect(!String(reflecting: key).contains(secret))
    }

    @Test func refusesPartsOfKeys() {
        #expect(throws: NotifyKeyError.empty) { try NotifyAPIKey("  ") }
        #expect(throws: NotifyKeyError.malformed) { try NotifyAPIKey("\(serviceID)-\(secret)") }
        #expect(throws: NotifyKeyError.malformed) { try NotifyAPIKey("name-\(serviceID)-\(secret.dropLast())") }
        #expect(throws: NotifyKeyError.malformed) { try NotifyAPIKey("name-\(serviceID)_\(secret)") }
        #expect(throws: NotifyKeyError.malformed) {
            try NotifyAPIKey("name-\(serviceID)-\(secret.replacingOccurrences(of: "3", with: "g"))")
        }
        #expect(!NotifyKeyError.malformed.message.contains(secret))
    }

    func b64url(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// The token worked out here from the JWT rules with Crypto's HMAC, not with the code under test.
    func expectedToken(iat: Int) -> String {
        let input =
            b64url(Array(#"{"typ":"JWT","alg":"HS256"}"#.utf8)) + "."
            + b64url(Array(#"{"iss":"\#(serviceID)","iat":\#(iat)}"#.utf8))
        let mac = HMAC<SHA256>.authenticationCode(for: Array(input.utf8), using: SymmetricKey(data: Array(secret.utf8)))
        return input + "." + b64url(Array(mac))
    }

    @Test func tokenMatchesAnIndependentHMAC() {
        // setup: 1 March 2026 09:00:00.75 UTC; iat is whole seconds
        let issued = Date(timeIntervalSince1970: 1_772_355_600.75)
        // MUT
        let token = NotifyJWT.token(serviceID: serviceID, secret: secret, issuedAt: issued)
        // validate
        #expect(token == expectedToken(iat: 1_772_355_600))
        #expect(!token.contains("="))
        #expect(token.hasPrefix("eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9."))
    }

    @Test func verifiesWithinThirtySeconds() throws {
        let issued = Date(timeIntervalSince1970: 1_772_355_600)
        let token = NotifyJWT.token(serviceID: serviceID, secret: secret, issuedAt: issued)
        try NotifyJWT.verify(token, secret: secret, serviceID: serviceID, now: issued)
        try NotifyJWT.verify(token, secret: secret, serviceID: serviceID, now: issued + 30)
        try NotifyJWT.verify(token, secret: secret, serviceID: serviceID, now: issued - 30)
        #expect(throws: NotifyJWTError.clockSkew) {
            try NotifyJWT.verify(token, secret: secret, serviceID: serviceID, now: issued + 31)
        }
        #expect(throws: NotifyJWTError.clockSkew) {
            try NotifyJWT.verify(token, secret: secret, serviceID: serviceID, now: issued - 31)
        }
    }

    @Test func refusesWrongSecretIssuerAndAlgorithm() {
        let now = Date(timeIntervalSince1970: 1_772_355_600)
        let token = NotifyJWT.token(serviceID: serviceID, secret: secret, issuedAt: now)
        #expect(throws: NotifyJWTError.badSignature) {
            try NotifyJWT.verify(token, secret: "0" + secret.dropFirst(), serviceID: serviceID, now: now)
        }
        #expect(throws: NotifyJWTError.wrongIssuer) {
            try NotifyJWT.verify(token, secret: secret, serviceID: "00000000-ab16-4eb0-8407-a37497a57506", now: now)
        }
        // alg "none" with the signature dropped
        let parts = token.split(separator: ".")
        let noneHeader = b64url(Array(#"{"typ":"JWT","alg":"none"}"#.utf8))
        #expect(throws: NotifyJWTError.wrongAlgorithm("none")) {
            try NotifyJWT.verify("\(noneHeader).\(parts[1]).", secret: secret, serviceID: serviceID, now: now)
        }
        // a changed claim breaks the signature
        let forged = b64url(Array(#"{"iss":"\#(serviceID)","iat":1772355601}"#.utf8))
        #expect(throws: NotifyJWTError.badSignature) {
            try NotifyJWT.verify("\(parts[0]).\(forged).\(parts[2])", secret: secret, serviceID: serviceID, now: now)
        }
        #expect(throws: NotifyJWTError.malformed) { try NotifyJWT.verify("abc.def", secret: secret, serviceID: serviceID, now: now) }
        #expect(NotifyJWTError.clockSkew.message.contains("30 seconds"))
    }
}
