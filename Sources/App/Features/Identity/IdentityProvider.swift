import AsyncHTTPClient
import Foundation
import JWTKit
import NIOCore
import NIOHTTP1
import Vapor

/// One OpenID Connect provider as this instance knows it: its discovery document and its signing keys (JWKS), fetched
/// on first use and kept; the keys are fetched again when a token names a key ID not among them (the provider rotated
/// its keys), at most once every `keyRefetchGap` (ten seconds unless configured).
actor IdentityProvider {
    /// The parts of the discovery document the client uses.
    struct Metadata: Decodable, Sendable {
        var issuer: String
        var authorization_endpoint: String
        var token_endpoint: String
        var jwks_uri: String
        var userinfo_endpoint: String?
    }

    let config: OIDCProviderConfig
    private let http: HTTPClient
    private var metadata: Metadata?
    private var keys = JWTKeyCollection()
    private var keyIDs: Set<String> = []
    private var keysFetchedAt: ContinuousClock.Instant?

    init(config: OIDCProviderConfig, http: HTTPClient) {
        self.config = config
        self.http = http
    }

    /// The discovery document, fetched once; its issuer must be the configured one exactly.
    func discovery() async throws(OIDCError) -> Metadata {
        if let metadata { return metadata }
        let url = config.issuer + "/.well-known/openid-configuration"
        let body = try await get(url)
        guard let document = try? JSONDecoder().decode(Metadata.self, from: body) else {
            throw .providerUnusable("its discovery document at \(url) could not be read")
        }
        guard document.issuer == config.issuer else {
            throw .providerUnusable("its discovery document names the issuer \(document.issuer), not \(config.issuer)")
        }
        metadata = document
        return document
    }

    /// The keys to verify a token signed under `keyID`; fetched again once when the key ID is not known.
    func verificationKeys(for keyID: String?) async throws(OIDCError) -> JWTKeyCollection {
        if keysFetchedAt == nil || (keyID.map { !keyIDs.contains($0) } ?? false) && canRefetch {
            try await fetchKeys()
        }
        guard let keyID, keyIDs.contains(keyID) else { throw .unknownKey }
        return keys
    }

    private var canRefetch: Bool {
        guard let keysFetchedAt else { return true }
        return ContinuousClock.now - keysFetchedAt >= config.keyRefetchGap
    }

    private func fetchKeys() async throws(OIDCError) {
        let url = try await discovery().jwks_uri
        let body = try await get(url)
        guard let set = try? JSONDecoder().decode(JWKS.self, from: body) else {
            throw .providerUnusable("its key set at \(url) could not be read")
        }
        let collection = JWTKeyCollection()
        var ids: Set<String> = []
        // a key the library cannot use (an encryption key, an unknown type) is left out, not fatal
        for key in set.keys where key.keyIdentifier != nil {
            if (try? await collection.add(jwk: key)) != nil, let id = key.keyIdentifier?.string { ids.insert(id) }
        }
        keys = collection
        keyIDs = ids
        keysFetchedAt = .now
    }

    /// A GET answered 200 within `answerWait`.
    private func get(_ url: String) async throws(OIDCError) -> Data {
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "Accept", value: "application/json")
        return try await send(request, describing: url)
    }

    /// Sends `request` and returns a 200's body; anything else is `providerUnreachable` or `providerRefused`.
    func send(_ request: HTTPClientRequest, describing what: String) async throws(OIDCError) -> Data {
        let response: HTTPClientResponse
        let body: ByteBuffer
        do {
            response = try await http.execute(request, timeout: .init(config.answerWait))
            body = try await response.body.collect(upTo: 1024 * 1024)
        } catch {
            throw .providerUnreachable("\(what): \(error)")
        }
        guard response.status == .ok else {
            struct Problem: Decodable { var error: String?; var error_description: String? }
            let problem = try? JSONDecoder().decode(Problem.self, from: Data(body.readableBytesView))
            let said = [problem?.error, problem?.error_description].compactMap { $0 }.joined(separator: ": ")
            throw .providerRefused("\(what) answered \(response.status.code)\(said.isEmpty ? "" : " (\(said))")")
        }
        return Data(body.readableBytesView)
    }
}

extension Application {
    private struct IdentityProvidersKey: StorageKey { typealias Value = [OIDCProviderConfig.Kind: IdentityProvider] }

    /// The configured providers, made in `configure`; a provider not configured is absent.
    var identityProviders: [OIDCProviderConfig.Kind: IdentityProvider] {
        get { storage[IdentityProvidersKey.self] ?? [:] }
        set { storage[IdentityProvidersKey.self] = newValue }
    }
}
