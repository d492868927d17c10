import AsyncHTTPClient
import Domain
import Fluent
import Foundation
import NIOCore
import SQLKit
import Vapor

/// The authorization code flow with PKCE and `private_key_jwt`, for any configured provider: sends the browser to the
/// provider with a fresh `state`, `nonce` and code challenge, then on its return spends the `state` (once), redeems the
/// code and checks the ID token. The same code serves CIS2 and NHS login.
struct OIDCSignInFlow {
    let request: Request
    let provider: IdentityProvider
    var config: OIDCProviderConfig { provider.config }
    static let cookie = "sa_oidc"
    static let lifetime: TimeInterval = 600

    /// What came back: the checked ID token, its access token, and the attempt it answers.
    struct Outcome: Sendable {
        var claims: IDTokenClaims
        var accessToken: String?
        var attempt: OIDCAttempt
    }

    /// The flow for `kind`, or 404 when that provider is not configured.
    init(_ request: Request, _ kind: OIDCProviderConfig.Kind) throws {
        guard let provider = request.application.identityProviders[kind] else {
            throw Abort(.notFound, reason: "Signing in with \(kind.displayName) is not set up here.")
        }
        self.request = request
        self.provider = provider
    }

    /// Stores the attempt and answers with a redirect to the provider, binding the `state` to this browser by cookie.
    func start(
        purpose: OIDCAttempt.Purpose, level: AssuranceLevel? = nil, next: String? = nil, personID: UUID? = nil,
        subjectKey: String? = nil, extra: [(String, String)] = []
    ) async throws -> Response {
        let metadata: IdentityProvider.Metadata
        do { metadata = try await provider.discovery() } catch {
            throw Abort(error.status, reason: error.message(provider: config.kind.displayName))
        }
        let state = SecretToken.generate(), nonce = SecretToken.generate(), proof = ProofKey()
        let now = Date()
        let attempt = OIDCAttempt()
        attempt.stateDigest = SecretToken.digest(state)
        attempt.provider = config.kind.rawValue
        attempt.purpose = purpose
        attempt.nonce = nonce
        attempt.sealedVerifier = request.application.secretBox.seal(proof.verifier)
        attempt.requiredLevel = level?.name
        attempt.nextPath = next
        attempt.personID = personID
        attempt.subjectKey = subjectKey
        attempt.createdAt = now
        attempt.expiresAt = now.addingTimeInterval(Self.lifetime)
        try await request.db.writeTransaction { tx in
            try await OIDCAttempt.query(on: tx).filter(\.$expiresAt < now).delete()
            try await attempt.create(on: tx)
        }
        var query: [(String, String)] = [
            ("response_type", "code"), ("client_id", config.clientID), ("redirect_uri", config.redirectURL),
            ("scope", config.scopes.joined(separator: " ")), ("state", state), ("nonce", nonce),
            ("code_challenge", proof.challenge), ("code_challenge_method", "S256"),
        ]
        if let level { query.append(("acr_values", level.requestValue)) }
        query += extra
        let response = request.redirect(to: metadata.authorization_endpoint + "?" + Self.formEncode(query), redirectType: .normal)
        var value = SiteCookie.value(state, config: request.application.appConfig, maxAge: Int(Self.lifetime))
        value.path = "/"
        response.cookies[Self.cookie] = value
        return response
    }

    /// Reads the provider's answer on the callback: spends the `state`, checks it is this browser's, redeems the code
    /// and checks the ID token against the attempt's nonce and level.
    func finish() async throws(OIDCError) -> Outcome {
        struct Callback: Decodable { var code: String?; var state: String?; var error: String?; var error_description: String? }
        let callback = (try? request.query.decode(Callback.self)) ?? Callback()
        guard let state = callback.state, !state.isEmpty, let attempt = try await spend(state: state) else { throw .stateUnknown }
        let cookie = request.cookies[Self.cookie]?.string ?? ""
        guard SecretToken.constantTimeEquals(cookie, state) else { throw .notFromThisBrowser }
        if let error = callback.error {
            throw .providerSaid(callback.error_description.map { "\(error): \($0)" } ?? error)
        }
        guard let code = callback.code, !code.isEmpty else { throw .missingClaim("the authorization code") }
        guard let verifier = try? request.application.secretBox.open(attempt.sealedVerifier) else { throw .stateUnknown }
        let tokens = try await redeem(code: code, verifier: verifier)
        let level = attempt.requiredLevel.flatMap(AssuranceLevel.init(acr:))
        let claims = try await provider.checkIDToken(tokens.id_token, nonce: attempt.nonce, required: level)
        return Outcome(claims: claims, accessToken: tokens.access_token, attempt: attempt)
    }

    /// Deletes the attempt for `state` and returns it, or nil when it was spent, expired or never issued. Only one
    /// request can spend a state: the delete reports whether this one removed the row.
    private func spend(state: String) async throws(OIDCError) -> OIDCAttempt? {
        do {
            let digest = SecretToken.digest(state)
            guard let attempt = try await OIDCAttempt.query(on: request.db).filter(\.$stateDigest == digest).first() else {
                return nil
            }
            let removed = try await request.db.writeTransaction { tx -> Bool in
                guard let sql = tx as? any SQLDatabase else { return false }
                let rows = try await sql.raw("DELETE FROM \(ident: OIDCAttempt.schema) WHERE state_digest = \(bind: digest) RETURNING id").all()
                return !rows.isEmpty
            }
            guard removed, attempt.expiresAt > Date(), attempt.provider == config.kind.rawValue else { return nil }
            return attempt
        } catch {
            throw .providerUnusable("the sign-in could not be read: \(error)")
        }
    }

    /// The token endpoint's answer.
    struct Tokens: Decodable { var id_token: String; var access_token: String? }

    /// Redeems the code at the token endpoint, authenticating with a client assertion signed by the app's key.
    private func redeem(code: String, verifier: String) async throws(OIDCError) -> Tokens {
        let metadata = try await provider.discovery()
        let assertion: String
        do {
            assertion = try await request.application.relyingPartyKey.clientAssertion(
                clientID: config.clientID, audience: metadata.token_endpoint, on: request.db, box: request.application.secretBox)
        } catch {
            throw .providerUnusable("the site's signing key could not be used: \(error)")
        }
        var post = HTTPClientRequest(url: metadata.token_endpoint)
        post.method = .POST
        post.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        post.headers.add(name: "Accept", value: "application/json")
        post.body = .bytes(ByteBuffer(string: Self.formEncode([
            ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", config.redirectURL),
            ("client_id", config.clientID), ("code_verifier", verifier),
            ("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"),
            ("client_assertion", assertion),
        ])))
        let body = try await provider.send(post, describing: "the token endpoint")
        guard let tokens = try? JSONDecoder().decode(Tokens.self, from: body) else { throw .missingClaim("an ID token") }
        return tokens
    }

    /// The userinfo endpoint's claims for `accessToken` (NHS login's NHS number, name and date of birth).
    func userInfo(accessToken: String) async throws(OIDCError) -> [String: String] {
        guard let url = try await provider.discovery().userinfo_endpoint else { throw .providerUnusable("it has no userinfo endpoint") }
        var get = HTTPClientRequest(url: url)
        get.headers.add(name: "Authorization", value: "Bearer \(accessToken)")
        get.headers.add(name: "Accept", value: "application/json")
        let body = try await provider.send(get, describing: "the userinfo endpoint")
        guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else { throw .missingClaim("user details") }
        return object.compactMapValues { $0 as? String }
    }

    /// Clears the state cookie on a response.
    static func clearCookie(_ response: Response, config: AppConfig) {
        response.cookies[cookie] = SiteCookie.expired(config: config)
    }

    static func formEncode(_ pairs: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return pairs.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(separator: "&")
    }
}
