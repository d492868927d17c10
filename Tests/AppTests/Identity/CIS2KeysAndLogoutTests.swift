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
            let world = try await TestWorld.make(on: app)
            try await provider.addUser(sub: Self.subject, name: "Dr Alpha")
            try await CIS2SignInTests.link(app, world.gpA, issuer: provider.issuer)
            var first = TestBrowser(app)
            #expect(try await CIS2SignInTests.signIn(&first, provider).status == .seeOther)
            let kid = try await provider.rotateKeys()
            // MUT: the next ID token is signed under a key ID the app has not seen
            var second = TestBrowser(app)
            let back = try await CIS2SignInTests.signIn(&second, provider)
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
            let world = try await TestWorld.make(on: app)
            try await provider.addUser(sub: Self.subject, name: "Dr Alpha")
            try await CIS2SignInTests.link(app, world.gpA, issuer: provider.issuer)
            var first = TestBrowser(app)
            #expect(try await CIS2SignInTests.signIn(&first, provider).status == .seeOther)
            _ = try await provider.rotateKeys()
            // MUT
            var second = TestBrowser(app)
            let back = try await CIS2SignInTests.signIn(&second, provider)
            // validate: refused as a key the provider does not publish, nobody else signed in
            #expect(back.status == .badRequest && back.body.string.contains("signed with a key it does not publish"), "\(back.status)")
            #expect(try await CIS2SignInTests.sessions(app) == 1)
        }
    }

    @Test func aLogoutTokenSentAgainIsRefusedAndEndsNoLaterSession() async throws {
        try await withCIS2App { app, provider, _ in
            // setup: gpA signed in with CIS2 and signed out at the provider
            let world = try await TestWorld.make(on: app)
            try await provider.addUser(sub: Self.subject, name: "Dr Alpha")
            try await CIS2SignInTests.link(app, world.gpA, issuer: provider.issuer)
            var browser = TestBrowser(app)
            #expect(try await CIS2SignInTests.signIn(&browser, provider).status == .seeOther)
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
            let world = try await TestWorld.make(on: app)
            try await provider.addUser(sub: Self.subject, name: "Dr Alpha")
            try await CIS2SignInTests.link(app, world.gpA, issuer: provider.issuer)
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
