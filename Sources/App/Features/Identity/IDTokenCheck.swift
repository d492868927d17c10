import Domain
import Foundation
import JWTKit

/// The claims of an ID token the site reads (OpenID Connect Core §2; `acr` from CIS2, `vot` from NHS login).
struct IDTokenClaims: JWTPayload {
    var iss: String
    var sub: String
    var aud: AudienceClaim
    var exp: Double
    var iat: Double?
    var nonce: String?
    var azp: String?
    var acr: String?
    var vot: String?
    var sid: String?

    /// Checked one claim at a time by `IdentityProvider.check`, so that each failure says what it was.
    func verify(using algorithm: some JWTAlgorithm) throws {}
}

/// The two header fields read before a token is verified: which algorithm and which of the provider's keys.
struct JOSEHeader: Decodable {
    var alg: String?
    var kid: String?
}

/// The claims of a back-channel logout token (OpenID Connect Back-Channel Logout §2.4).
struct LogoutTokenClaims: JWTPayload {
    var iss: String
    var aud: AudienceClaim
    var iat: Double
    var exp: Double?
    var jti: String?
    var sub: String?
    var sid: String?
    var nonce: String?
    var events: [String: [String: String]]?

    static let event = "http://schemas.openid.net/event/backchannel-logout"

    func verify(using algorithm: some JWTAlgorithm) throws {}
}

extension IdentityProvider {
    /// Algorithms the site accepts from a provider: never `none`, never a shared-secret HMAC.
    static let acceptedAlgorithms: Set<String> = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384"]

    /// How far a logout token's `iat` may be from now, either way, for it to be accepted.
    static let logoutTokenWindow: TimeInterval = 300

    /// Checks an ID token: its signature against the provider's published keys, then issuer, audience, expiry, nonce
    /// and (when given) the assurance level; each failure is its own error.
    func checkIDToken(_ token: String, nonce: String, required: AssuranceLevel?, now: Date = Date()) async throws(OIDCError) -> IDTokenClaims {
        let claims = try await verifiedPayload(token, as: IDTokenClaims.self)
        guard claims.iss == config.issuer else { throw .wrongIssuer }
        guard claims.aud.value.contains(config.clientID), claims.aud.value.count == 1 || claims.azp == config.clientID else {
            throw .wrongAudience
        }
        guard claims.exp > now.timeIntervalSince1970 - 30 else { throw .expired }
        guard let sent = claims.nonce, SecretToken.constantTimeEquals(sent, nonce) else { throw .wrongNonce }
        if let required {
            guard let level = claims.acr.flatMap(AssuranceLevel.init(acr:)), level >= required else {
                throw .lowAssurance(required: required, received: claims.acr)
            }
        }
        return claims
    }

    /// Checks a back-channel logout token: signature, issuer, audience, age, the logout event, no nonce, and a
    /// subject or session to end.
    func checkLogoutToken(_ token: String, now: Date = Date()) async throws(OIDCError) -> LogoutTokenClaims {
        let claims: LogoutTokenClaims
        do { claims = try await verifiedPayload(token, as: LogoutTokenClaims.self) } catch {
            throw .badLogoutToken(error.code.replacingOccurrences(of: "_", with: " "))
        }
        guard claims.iss == config.issuer else { throw .badLogoutToken("wrong issuer") }
        guard claims.aud.value.contains(config.clientID) else { throw .badLogoutToken("wrong audience") }
        guard abs(now.timeIntervalSince1970 - claims.iat) < Self.logoutTokenWindow, (claims.exp ?? .infinity) > now.timeIntervalSince1970 - 30 else {
            throw .badLogoutToken("too old")
        }
        guard let jti = claims.jti, !jti.isEmpty else { throw .badLogoutToken("no token ID (jti)") }
        guard claims.events?[LogoutTokenClaims.event] != nil else { throw .badLogoutToken("no back-channel logout event") }
        guard claims.nonce == nil else { throw .badLogoutToken("a logout token carries no nonce") }
        guard claims.sub != nil || claims.sid != nil else { throw .badLogoutToken("no subject or session named") }
        return claims
    }

    /// The payload of a token whose signature verifies against the provider's key named in its header.
    private func verifiedPayload<Payload: JWTPayload>(_ token: String, as type: Payload.Type) async throws(OIDCError) -> Payload {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let data = Base64URL.decode(String(parts[0])),
            let header = try? JSONDecoder().decode(JOSEHeader.self, from: data)
        else { throw .badSignature }
        guard let alg = header.alg, Self.acceptedAlgorithms.contains(alg) else { throw .badSignature }
        let keys = try await verificationKeys(for: header.kid)
        do { return try await keys.verify(token, as: Payload.self) } catch { throw .badSignature }
    }
}
