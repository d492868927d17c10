import Foundation
import JWTKit

/// One OpenID Connect provider the site signs people in with, as registered with the NHS.
struct OIDCProviderConfig: Sendable, Equatable {
    /// Which provider: it names the settings and the stored links.
    enum Kind: String, Sendable, Codable {
        /// NHS Care Identity Service 2, for staff.
        case cis2
        /// NHS login, for patients.
        case nhsLogin = "nhs_login"

        /// The environment variables' prefix.
        var prefix: String { self == .cis2 ? "CIS2" : "NHS_LOGIN" }

        /// The provider's name, as people know it.
        var displayName: String { self == .cis2 ? "NHS Care Identity" : "NHS login" }
    }

    var kind: Kind
    /// The issuer URL; its `/.well-known/openid-configuration` is the discovery document.
    var issuer: String
    var clientID: String
    /// Where the provider sends the browser back: registered with the NHS exactly as written here.
    var redirectURL: String
    /// The scopes asked for.
    var scopes: [String]
    /// The shortest time between two fetches of the provider's keys when a token names a key ID not among them: a
    /// rotation is picked up at once, but a stream of made-up key IDs cannot make the site fetch the keys on each.
    var keyRefetchGap: Duration = .seconds(10)
    /// How long the site waits for each answer of the provider (its discovery document, keys, token endpoint) before
    /// telling the person it could not be reached.
    var answerWait: Duration = .seconds(10)

    /// The issuer's origin (`https://host:port`), where the browser is sent to sign in.
    var origin: String? {
        guard let url = URL(string: issuer), let scheme = url.scheme, let host = url.host else { return nil }
        return "\(scheme)://\(host)" + (url.port.map { ":\($0)" } ?? "")
    }
}

/// NHS CIS2 for staff and NHS login for patients (issue 16): each is on only when its issuer and client ID are set.
/// The app's signing key for `private_key_jwt` comes from `OIDC_SIGNING_KEY_FILE`, or else is made once and kept in
/// the database sealed with `DATA_KEY`.
struct NHSIdentityConfig: Sendable, Equatable {
    var cis2: OIDCProviderConfig?
    var nhsLogin: OIDCProviderConfig?
    /// The PEM of an RSA private key, read at start-up from OIDC_SIGNING_KEY_FILE.
    var signingKeyPEM: String?

    /// The callback paths, one per provider: what `redirectURL` must end with.
    static func callbackPath(_ kind: OIDCProviderConfig.Kind) -> String {
        kind == .cis2 ? SiteURL.cis2Callback.path : SiteURL.nhsLoginCallback.path
    }

    static func fromEnvironment(_ env: [String: String], publicBaseURL: String) throws(ConfigError) -> NHSIdentityConfig {
        var config = NHSIdentityConfig()
        config.cis2 = try provider(.cis2, env, publicBaseURL: publicBaseURL, scopes: ["openid", "profile", "email"])
        config.nhsLogin = try provider(.nhsLogin, env, publicBaseURL: publicBaseURL, scopes: ["openid", "profile"])
        if let path = value(env, "OIDC_SIGNING_KEY_FILE") {
            guard let pem = try? String(contentsOfFile: path, encoding: .utf8), (try? JWTKit.Insecure.RSA.PrivateKey(pem: pem)) != nil else {
                throw ConfigError(
                    variable: "OIDC_SIGNING_KEY_FILE",
                    problem: "must name a readable PEM file holding an RSA private key (openssl genrsa -out key.pem 2048); \(path) is not one")
            }
            config.signingKeyPEM = pem
        }
        return config
    }

    private static func provider(
        _ kind: OIDCProviderConfig.Kind, _ env: [String: String], publicBaseURL: String, scopes: [String]
    ) throws(ConfigError) -> OIDCProviderConfig? {
        let issuerName = "\(kind.prefix)_ISSUER", clientName = "\(kind.prefix)_CLIENT_ID", redirectName = "\(kind.prefix)_REDIRECT_URL"
        let issuer = value(env, issuerName), client = value(env, clientName)
        guard issuer != nil || client != nil else { return nil }
        guard let issuer, let client else {
            throw ConfigError(variable: issuer == nil ? issuerName : clientName, problem: "must be set with \(issuer == nil ? clientName : issuerName): \(kind.displayName) needs both, or neither to leave it off")
        }
        guard let url = URL(string: issuer), url.host != nil, url.scheme == "https" || isLoopback(url) else {
            throw ConfigError(variable: issuerName, problem: "must be an https:// issuer URL (http:// only on 127.0.0.1), such as https://am.nhsidentity.spineservices.nhs.uk/openam/oauth2/realms/root/realms/NHSIdentity/realms/Healthcare; \(issuer) is not one")
        }
        let path = callbackPath(kind)
        let redirect = value(env, redirectName) ?? publicBaseURL + path
        guard let redirectURL = URL(string: redirect), redirectURL.host != nil, redirectURL.path == path else {
            throw ConfigError(variable: redirectName, problem: "must be this site's address ending \(path), such as https://surgery.example.nhs.uk\(path); \(redirect) is not")
        }
        let trimmed = issuer.hasSuffix("/") ? String(issuer.dropLast()) : issuer
        return OIDCProviderConfig(kind: kind, issuer: trimmed, clientID: client, redirectURL: redirect, scopes: scopes)
    }

    private static func isLoopback(_ url: URL) -> Bool { url.scheme == "http" && ["127.0.0.1", "localhost", "::1"].contains(url.host ?? "") }

    private static func value(_ env: [String: String], _ name: String) -> String? {
        guard let text = env[name]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        return text
    }
}
