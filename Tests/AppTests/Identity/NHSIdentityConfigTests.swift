import Foundation
import Testing

@testable import App

/// CIS2 and NHS login are read from the environment once: both of issuer and client ID or neither, an https issuer,
/// the callback address, a key file that holds an RSA key; anything else stops the server naming the variable.
@Suite struct NHSIdentityConfigTests {
    static let base = "https://surgery.example.nhs.uk"

    @Test func withoutSettingsNeitherProviderIsOn() throws {
        // MUT
        let config = try NHSIdentityConfig.fromEnvironment([:], publicBaseURL: Self.base)
        // validate
        #expect(config.cis2 == nil && config.nhsLogin == nil && config.signingKeyPEM == nil)
    }

    @Test func anIssuerAndClientTurnCIS2OnWithTheCallbackUnderThePublicAddress() throws {
        // setup
        let env = ["CIS2_ISSUER": "https://am.nhsidentity.spineservices.nhs.uk/openam/oauth2/realms/root/realms/NHSIdentity/realms/Healthcare/", "CIS2_CLIENT_ID": "surgery-anywhere"]
        // MUT
        let cis2 = try #require(try NHSIdentityConfig.fromEnvironment(env, publicBaseURL: Self.base).cis2)
        // validate
        #expect(cis2.issuer.hasSuffix("/Healthcare"))
        #expect(cis2.redirectURL == "https://surgery.example.nhs.uk/login/cis2/callback")
        #expect(cis2.scopes.contains("openid"))
    }

    @Test(arguments: [
        (["CIS2_ISSUER": "https://cis2.example"], "CIS2_CLIENT_ID"),
        (["NHS_LOGIN_CLIENT_ID": "x"], "NHS_LOGIN_ISSUER"),
        (["CIS2_ISSUER": "http://cis2.example", "CIS2_CLIENT_ID": "x"], "CIS2_ISSUER"),
        (["CIS2_ISSUER": "https://cis2.example", "CIS2_CLIENT_ID": "x", "CIS2_REDIRECT_URL": "https://surgery.example.nhs.uk/elsewhere"], "CIS2_REDIRECT_URL"),
        (["OIDC_SIGNING_KEY_FILE": "/nonexistent/key.pem"], "OIDC_SIGNING_KEY_FILE"),
    ])
    func aBadSettingStopsTheServerNamingIt(env: [String: String], variable: String) {
        // MUT + validate
        #expect(throws: ConfigError.self) { try NHSIdentityConfig.fromEnvironment(env, publicBaseURL: Self.base) }
        do { _ = try NHSIdentityConfig.fromEnvironment(env, publicBaseURL: Self.base) } catch { #expect(error.variable == variable) }
    }

    @Test func aKeyFileThatIsNotAnRSAKeyIsRefused() throws {
        // setup
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("not-a-key-\(UUID()).pem").path
        try "-----BEGIN PRIVATE KEY-----\nnonsense\n-----END PRIVATE KEY-----\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        // MUT + validate
        #expect(throws: ConfigError.self) { try NHSIdentityConfig.fromEnvironment(["OIDC_SIGNING_KEY_FILE": path], publicBaseURL: Self.base) }
    }
}
