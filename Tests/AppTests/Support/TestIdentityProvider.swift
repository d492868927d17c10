import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Testing
import VaporTesting

@testable import App

/// TEST HELPER: the third-party OpenID Connect provider of `tests/oidc_provider/provider.py` (Authlib), started as a
/// process on a free loopback port for one test and stopped after it; the test registers the app as a client, adds
/// people, and signs them in through the provider's own sign-in form. Every wait has a deadline.
final class TestIdentityProvider: @unchecked Sendable {
    let process: Process
    let issuer: String
    /// Follows no redirects: the provider's answer to a sign-in is a redirect the test reads.
    let http: HTTPClient

    private init(process: Process, issuer: String) {
        self.process = process
        self.issuer = issuer
        http = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: .init(redirectConfiguration: .disallow))
    }

    /// Starts the provider and waits (up to 30 s) for it to say where it listens.
    static func start() async throws -> TestIdentityProvider {
        let root = ArchitectureDocTests.packageRoot
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", root.appendingPathComponent("tests/oidc_provider/provider.py").path, "--port", "0"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        try process.run()
        let handle = output.fileHandleForReading
        do {
            // the blocking read runs on a dispatch thread, never on the few threads Swift's tasks share
            let line = try await withTimeout(seconds: 30) {
                try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<String, any Error>) in
                    DispatchQueue.global().async {
                        var text = ""
                        while !text.contains("\n") {
                            let data = handle.availableData
                            if data.isEmpty { return continuation.resume(throwing: ProviderError.exited) }
                            text += String(decoding: data, as: UTF8.self)
                        }
                        continuation.resume(returning: text)
                    }
                }
            }
            guard let range = line.range(of: "listening on ") else { throw ProviderError.exited }
            let issuer = line[range.upperBound...].trimmingCharacters(in: .whitespacesAndNewlines)
            return TestIdentityProvider(process: process, issuer: issuer)
        } catch {
            kill(process.processIdentifier, SIGKILL)
            throw error
        }
    }

    enum ProviderError: Error { case exited, noRedirect(String) }

    func stop() async {
        try? await http.shutdown()
        // SIGKILL: the provider holds nothing to save, and a signal the test runner blocks would not reach it
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        let process = process
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().async {
                process.waitUntilExit()
                continuation.resume()
            }
        }
    }

    /// Registers the app, listening on `appPort`, as client `clientID`, misbehaving as `misbehave` says.
    func register(clientID: String, appPort: Int, misbehave: String? = nil) async throws {
        var body: [String: Any] = [
            "client_id": clientID,
            "redirect_uris": ["http://127.0.0.1\(SiteURL.cis2Callback.path)", "http://127.0.0.1\(SiteURL.nhsLoginCallback.path)"],
            "jwks_uri": "http://127.0.0.1:\(appPort)\(SiteURL.signingKeys.path)",
            "backchannel_logout_uri": "http://127.0.0.1:\(appPort)\(SiteURL.cis2BackChannelLogout.path)",
        ]
        if let misbehave { body["misbehave"] = misbehave }
        try await control("/control/clients", body)
    }

    /// Adds a person the provider can sign in: `acr` for CIS2, `id_token_claims` (`vot`) and `userinfo` for NHS login.
    func addUser(sub: String, name: String, acr: String = "AAL2", idTokenClaims: [String: String] = [:], userinfo: [String: String] = [:]) async throws {
        try await control("/control/users", ["sub": sub, "name": name, "acr": acr, "id_token_claims": idTokenClaims, "userinfo": userinfo])
    }

    /// Asks the provider to send the client its back-channel logout token for `sub`; returns the status the app gave.
    func logOut(clientID: String, sub: String) async throws -> Int {
        try await sendLogout(clientID: clientID, sub: sub).status
    }

    /// Asks the provider to send the client a back-channel logout token for `sub`; returns the app's status and the
    /// token, which a test may send again.
    func sendLogout(clientID: String, sub: String) async throws -> (status: Int, token: String) {
        let body = try await control("/control/logout", ["client_id": clientID, "sub": sub])
        let answer = try JSONSerialization.jsonObject(with: body) as? [String: Any]
        return (answer?["status"] as? Int ?? 0, answer?["token"] as? String ?? "")
    }

    /// Rotates the provider's signing key; returns the new key's ID.
    func rotateKeys() async throws -> String {
        let body = try await control("/control/rotate", [:])
        return (try JSONSerialization.jsonObject(with: body) as? [String: Any])?["kid"] as? String ?? ""
    }

    @discardableResult
    private func control(_ path: String, _ body: [String: Any]) async throws -> Data {
        var request = HTTPClientRequest(url: issuer + path)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: Array(try JSONSerialization.data(withJSONObject: body))))
        let response = try await http.execute(request, timeout: .seconds(20))
        let data = Data(try await response.body.collect(upTo: 1 << 20).readableBytesView)
        #expect(response.status == .ok, "\(path): \(String(decoding: data, as: UTF8.self))")
        return data
    }

    /// Signs `sub` in on the provider's own form at `authorizeURL` (where the app sent the browser) and returns the
    /// path and query the provider sends the browser back to.
    func signIn(at authorizeURL: String, as sub: String) async throws -> String {
        let page = try await http.execute(HTTPClientRequest(url: authorizeURL), timeout: .seconds(20))
        let html = String(buffer: try await page.body.collect(upTo: 1 << 20))
        #expect(page.status == .ok, "the provider refused the sign-in request: \(html)")
        var request = HTTPClientRequest(url: authorizeURL)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.body = .bytes(ByteBuffer(string: "user=\(sub)"))
        let response = try await http.execute(request, timeout: .seconds(20))
        let body = String(buffer: try await response.body.collect(upTo: 1 << 20))
        guard response.status == .found, let location = response.headers.first(name: "location"), let url = URL(string: location) else {
            throw ProviderError.noRedirect("\(response.status): \(body)")
        }
        return url.path + (url.query.map { "?\($0)" } ?? "")
    }
}

/// An app configured for CIS2 (and NHS login) at a provider started for this test, its server on a free loopback port
/// (the provider fetches the app's keys and sends logout tokens there); `misbehave` picks the provider's fault.
func withCIS2App<T>(
    misbehave: String? = nil, keyRefetchGap: Duration = .seconds(10), _ body: (Application, TestIdentityProvider, Int) async throws -> T
) async throws -> T {
    let provider = try await TestIdentityProvider.start()
    do {
        var config = TestDatabase.config()
        let client = "surgery-" + UUID().uuidString.prefix(8).lowercased()
        config.nhsIdentity.cis2 = OIDCProviderConfig(
            kind: .cis2, issuer: provider.issuer, clientID: client, redirectURL: "http://127.0.0.1\(SiteURL.cis2Callback.path)",
            scopes: ["openid", "profile", "email"], keyRefetchGap: keyRefetchGap)
        config.nhsIdentity.nhsLogin = OIDCProviderConfig(
            kind: .nhsLogin, issuer: provider.issuer, clientID: client, redirectURL: "http://127.0.0.1\(SiteURL.nhsLoginCallback.path)",
            scopes: ["openid", "profile"])
        // the provider is a Python process sharing two cores with the whole suite: its answers may take more than 10 s
        config.nhsIdentity.cis2?.answerWait = .seconds(120)
        config.nhsIdentity.nhsLogin?.answerWait = .seconds(120)
        let result = try await withTestApp(config: config) { app in
            try await app.server.start(address: .hostname("127.0.0.1", port: 0))
            let port = try #require(app.http.server.shared.localAddress?.port)
            try await provider.register(clientID: client, appPort: port, misbehave: misbehave)
            do {
                let result = try await body(app, provider, port)
                await app.server.shutdown()
                return result
            } catch {
                await app.server.shutdown()
                throw error
            }
        }
        await provider.stop()
        return result
    } catch {
        await provider.stop()
        throw error
    }
}
