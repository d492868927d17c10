import Fluent
import Foundation
import NIOCore
import NIOHTTP1
import Testing
import VaporTesting

@testable import App

/// The provider's key rotation and replayed logout tokens, against the same third-party provider as `CIS2SignInTests`.
@Suite(.serialized) struct CIS2KeysAndLogoutTests {
    static let subject = CIS2SignInTests.subject

    /// The test world, with gpA known to the provider and linked to their CIS2 subject.
    static func linkedGP(_ app: Application, _ provider: TestIdentityProvider) async throws -> TestWorld {
        let world = try await TestWorld.make(on: app)
        try await provider.addUser(sub: subject, name: "Dr Alpha")
        try await CIS2SignInTests.link(app, world.gpA, issuer: provider.issuer)
        return world
    }

    /// Signs gpA in with CIS2 in a new browser; returns the app's answer to the provider's redirect.
    static func signInAgain(_ app: Application, _ provider: TestIdentityProvider) async throws -> (TestBrowser, TestingHTTPResponse) {
        var browser = TestBrowser(app)
        let back = try await CIS2SignInTests.signIn(&browser, provider)
        return (browser, back)
    }

    /// Posts a logout token to the app as the provider would.
    static func postLogout(_ token: String, _ app: Application) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        headers.contentType = .urlEncodedForm
        return try await app.testing().sendRequest(
            .POST, SiteURL.cis2BackChannelLogout.path, headers: headers, body: ByteBuffer(string: "logout_token=\(token)"))
    }

    @Test func aSignInAfterTheProviderRotatesItsKeyFetchesTheNewKeyAndSucceeds() async throws {
        try await withCIS2App(keyRefetchGap: .zero) { app, provider, _ in
            // setup: one sign-in under the first key, so that the app holds the provider's keys
            _ = try await Self.linkedGP(app, provider)
            #expect(try await Self.signInAgain(app, provider).1.status == .seeOther)
            let kid = try await provider.rotateKeys()
            // MUT: the next ID token is signed under a key ID the app has not seen
            let (browser, back) = try await Self.signInAgain(app, provider)
            var second = browser
            // validate
            #expect(kid == "provider-2")
            #expect(back.status == .seeOther && back.location == "/", "\(back.body.string)")
            #expect(try await second.get("/").status == .ok)
            #expect(try await CIS2SignInTests.sessions(app) == 2)
        }
    }

    @Test func unknownKeyIDsDoNotMakeTheAppFetchTheKeysAgainWithinTheGap() async throws {
        try await withCIS2App { app, provider, _ in
            // setup: the keys fetched by a sign-in; the provider rotates at once (ten-second gap, the default)
            _ = try await Self.linkedGP(app, provider)
            #expect(try await Self.signInAgain(app, provider).1.status == .seeOther)
            _ = try await provider.rotateKeys()
            // MUT
            let (_, back) = try await Self.signInAgain(app, provider)
            // validate: refused as a key the provider does not publish, nobody else signed in
            #expect(back.status == .badRequest && back.body.string.contains("signed with a key it does not publish"), "\(back.status)")
            #expect(try await CIS2SignInTests.sessions(app) == 1)
        }
    }

    @Test func aLogoutTokenSentAgainIsRefusedAndEndsNoLaterSession() async throws {
        try await withCIS2App { app, provider, _ in
            // setup: gpA signed in with CIS2 and signed out at the provider
            let world = try await Self.linkedGP(app, provider)
            #expect(try await Self.signInAgain(app, provider).1.status == .seeOther)
            let (status, token) = try await provider.sendLogout(clientID: app.appConfig.nhsIdentity.cis2!.clientID, sub: Self.subject)
            #expect(status == 200 && !token.isEmpty)
            // gpA signs in again, with a password and code this time
            var again = TestBrowser(app)
            try await again.signIn(world.gpA)
            // MUT: someone who captured the logout token sends it again
            let replay = try await Self.postLogout(token, app)
            // validate: refused, the new session stays, the refusal audited
            #expect(replay.status == .badRequest && replay.body.string.contains("used already"), "\(replay.body.string)")
            #expect(try await again.get("/").status == .ok)
            #expect(try await StaffSession.query(on: app.db).filter(\.$person.$id == world.gpA.id).count() == 1)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == AuditAction.signOutBackChannel.rawValue).count() == 1)
            let refusals = try await AuditEvent.query(on: app.db).filter(\.$action == AuditAction.signInProviderRefused.rawValue).all()
            #expect(refusals.map(\.detail) == ["logout: replayed"])
        }
    }

    @Test func aRememberedLogoutTokenIsForgottenOnceItCouldNotBeAcceptedAnyway() async throws {
        try await withCIS2App { app, provider, _ in
            // setup: one logout token acted on
            _ = try await Self.linkedGP(app, provider)
            #expect(try await provider.logOut(clientID: app.appConfig.nhsIdentity.cis2!.clientID, sub: Self.subject) == 200)
            let remembered = try #require(try await OIDCLogoutToken.query(on: app.db).first())
            // MUT: the sweep just before and just after the time it may be forgotten
            try await SessionSweeper.sweep(on: app.db, config: app.appConfig, now: remembered.forgetAfter.addingTimeInterval(-1))
            let kept = try await OIDCLogoutToken.query(on: app.db).count()
            try await SessionSweeper.sweep(on: app.db, config: app.appConfig, now: remembered.forgetAfter.addingTimeInterval(1))
            // validate: kept past the window in which its iat is accepted
            #expect(kept == 1)
            #expect(try await OIDCLogoutToken.query(on: app.db).count() == 0)
            #expect(remembered.forgetAfter.timeIntervalSinceNow > IdentityProvider.logoutTokenWindow)
        }
    }
}
