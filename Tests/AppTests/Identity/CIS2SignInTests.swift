import Domain
import Fluent
import NIOCore
import CryptoExtras
import JWTKit
import Foundation
import Testing
import VaporTesting

@testable import App

/// Staff sign-in with NHS CIS2 against a real third-party OpenID Connect provider (Authlib, started per test): the
/// authorization code flow with PKCE and `private_key_jwt`, the ID token's checks one by one, linking, step-up and
/// back-channel logout. Each refusal is a fault the provider is switched to make; without the check it would sign in.
@Suite(.serialized) struct CIS2SignInTests {
    static let subject = "cis2-555000111"

    /// Links `person` to the provider's subject, as a completed link would.
    static func link(_ app: Application, _ person: TestPerson, issuer: String, subject: String = subject) async throws {
        try await ExternalIdentity(provider: .cis2, issuer: issuer, subject: subject, personID: person.id, now: Date()).create(on: app.db)
    }

    /// Goes through the app's start page and the provider's sign-in as `subject`; returns the app's answer to the
    /// provider's redirect.
    static func signIn(
        _ browser: inout TestBrowser, _ provider: TestIdentityProvider, as subject: String = subject, start: String = SiteURL.cis2Start.path
    ) async throws -> TestingHTTPResponse {
        let started = try await browser.get(start)
        #expect(started.status == .seeOther)
        #expect(started.location.hasPrefix(provider.issuer + "/authorize?"), "\(started.location)")
        let back = try await provider.signIn(at: started.location, as: subject)
        return try await browser.get(back)
    }

    static func sessions(_ app: Application) async throws -> Int { try await StaffSession.query(on: app.db).count() }

    @Test func aLinkedPersonSignsInAtTheLevelCIS2VouchesFor() async throws {
        try await withCIS2App { app, provider, _ in
            // setup
            let world = try await TestWorld.make(on: app)
            try await provider.addUser(sub: Self.subject, name: "Dr Alpha", acr: "AAL3")
            try await Self.link(app, world.gpA, issuer: provider.issuer)
            var browser = TestBrowser(app)
            // MUT
            let back = try await Self.signIn(&browser, provider)
            // validate: signed in without a password or code, at AAL3 asked for AAL2, on the page and in the trail
            #expect(back.status == .seeOther, "\(back.body.string)")
            #expect(back.location == "/")
            let home = try await browser.get("/")
            #expect(home.status == .ok)
            #expect(home.body.string.contains("You signed in with your NHS Care Identity at assurance level AAL3"))
            #expect(home.body.string.contains("AAL2 or higher was asked for"))
            let session = try #require(try await StaffSession.query(on: app.db).first())
            #expect(session.assuranceLevel == "AAL3" && session.requestedLevel == "AAL2" && session.signInMethod == "cis2")
            #expect(session.providerSessionID != nil)
            let audit = try #require(try await AuditEvent.query(on: app.db).filter(\.$action == AuditAction.signInCIS2.rawValue).first())
            #expect(audit.detail == "acr requested AAL2, received AAL3")
            #expect(audit.actorID == world.gpA.id.uuidString)
        }
    }

    /// The faults a provider (or someone in between) can make, each refused with its own message and nothing signed in.
    @Test(arguments: [
        ("bad_signature", "did not carry a valid signature"),
        ("unknown_kid", "signed with a key it does not publish"),
        ("wrong_audience", "meant for another service"),
        ("expired", "had expired"),
        ("wrong_nonce", "did not belong to this sign-in"),
        ("low_acr", "needs a sign-in at AAL2 or higher"),
    ])
    func aFaultyIDTokenSignsNobodyIn(fault: String, message: String) async throws {
        try await withCIS2App(misbehave: fault) { app, provider, _ in
            // setup
            let world = try await TestWorld.make(on: app)
            try await provider.addUser(sub: Self.subject, name: "Dr Alpha", acr: "AAL2")
            try await Self.link(app, world.gpA, issuer: provider.issuer)
            var browser = TestBrowser(app)
            // MUT
            let back = try await Self.signIn(&browser, provider)
            // validate
            #expect([.badRequest, .forbidden].contains(back.status), "\(fault): \(back.status)")
            #expect(back.body.string.contains(message), "\(fault): \(back.body.string)")
            #expect(back.body.string.contains("Nothing has been signed in") || fault == "expired" || fault == "low_acr")
            #expect(try await Self.sessions(app) == 0)
            #expect(browser.cookies[SiteCookie.session] == nil)
            #expect(try await browser.get("/").status == .seeOther)
            let refused = try await AuditEvent.query(on: app.db).filter(\.$action == AuditAction.signInProviderRefused.rawValue).all()
            #expect(refused.map(\.detail).contains { ["bad_signature", "unknown_key", "wrong_audience", "expired", "wrong_nonce", "low_assurance"].contains($0) })
        }
    }

    @Test func aReplayedStateIsRefused() async throws {
        try await withCIS2App { app, provider, _ in
            // setup: one sign-in completed
            let world = try await TestWorld.make(on: app)
            try await provider.addUser(sub: Self.subject, name: "Dr Alpha")
            try await Self.link(app, world.gpA, issuer: provider.issuer)
            var browser = TestBrowser(app)
            let started = try await browser.get(SiteURL.cis2Start.path)
            let back = try await provider.signIn(at: started.location, as: Self.subject)
            var attacker = browser  // the same cookies: a copy of the browser that saw the first answer
            #expect(try await browser.get(back).status == .seeOther)
            // MUT: the same answer again
            let replay = try await attacker.get(back)
            // validate
            #expect(replay.status == .badRequest)
            #expect(replay.body.string.contains("has been used already or has expired"))
            #expect(try await Self.sessions(app) == 1)
            #expect(attacker.cookies[SiteCookie.session] == nil)
        }
    }

    @Test func anAnswerForAnotherBrowserIsRefused() async throws {
        try await withCIS2App { app, provider, _ in
            // setup: the victim's browser starts; the answer is opened in another browser
            let world = try await TestWorld.make(on: app)
            try await provider.addUser(sub: Self.subject, name: "Dr Alpha")
            try await Self.link(app, world.gpA, issuer: provider.issuer)
            var victim = TestBrowser(app)
            let started = try await victim.get(SiteURL.cis2Start.path)
            let back = try await provider.signIn(at: started.location, as: Self.subject)
            var other = TestBrowser(app)
            // MUT
            let answer = try await other.get(back)
            // validate
            #expect(answer.status == .badRequest)
            #expect(answer.body.string.contains("did not start in this browser"))
            #expect(try await Self.sessions(app) == 0)
        }
    }

    @Test func anUnlinkedIdentityIsNotMatchedByEmail() async throws {
        try await withCIS2App { app, provider, _ in
            // setup: the provider's person has gpA's email, but no link exists
            let world = try await TestWorld.make(on: app)
            try await provider.addUser(sub: Self.subject, name: "Dr Alpha", idTokenClaims: ["email": world.gpA.email])
            var browser = TestBrowser(app)
            // MUT
            let back = try await Self.signIn(&browser, provider)
            // validate
            #expect(back.status == .forbidden)
            #expect(back.body.string.contains("is not linked to an account here yet"))
            #expect(try await Self.sessions(app) == 0)
        }
    }

    @Test func aPersonSignedInWithTheirPasswordLinksTheirIdentityAndThenSignsInWithIt() async throws {
        try await withCIS2App { app, provider, _ in
            // setup
            let world = try await TestWorld.make(on: app)
            try await provider.addUser(sub: Self.subject, name: "Dr Alpha")
            var browser = TestBrowser(app)
            try await browser.signIn(world.gpA)
            #expect(try await browser.get("/").body.string.contains("Link your NHS Care Identity"))
            // MUT
            let started = try await browser.post(SiteURL.cis2Link.path)
            let back = try await browser.get(try await provider.signIn(at: started.location, as: Self.subject))
            // validate
            #expect(back.status == .seeOther && back.location.hasPrefix("/"), "\(back.body.string)")
            let link = try #require(try await ExternalIdentity.query(on: app.db).first())
            #expect(link.$person.id == world.gpA.id && link.subject == Self.subject && link.issuer == provider.issuer)
            #expect(try await browser.get("/").body.string.contains("Your NHS Care Identity is linked"))
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == AuditAction.cis2Linked.rawValue).count() == 1)
            var fresh = TestBrowser(app)
            let signedIn = try await Self.signIn(&fresh, provider)
            #expect(signedIn.status == .seeOther && signedIn.location == "/")
            #expect(try await fresh.get("/").body.string.contains("Hello, \(world.gpA.name)"))
        }
    }

    @Test func anInviteeAcceptsWithCIS2AndIsSignedInWithoutAPassword() async throws {
        try await withCIS2App { app, provider, _ in
            // setup
            let world = try await TestWorld.make(on: app)
            try await provider.addUser(sub: "cis2-invitee", name: "New Locum")
            var browser = TestBrowser(app)
            let page = try await browser.get(SiteURL.invitation(token: world.invitationTokenA).path)
            #expect(page.body.string.contains("Accept with NHS Care Identity"))
            // MUT
            let back = try await Self.signIn(&browser, provider, as: "cis2-invitee", start: SiteURL.invitationCIS2(token: world.invitationTokenA).path)
            // validate: signed in, engaged, linked, the invitation spent, no password
            #expect(back.status == .seeOther && back.location == "/", "\(back.body.string)")
            let link = try #require(try await ExternalIdentity.query(on: app.db).filter(\.$subject == "cis2-invitee").with(\.$person).first())
            #expect(link.person.passwordHash == nil)
            #expect(try await Engagement.query(on: app.db).filter(\.$person.$id == link.person.requireID()).count() == 1)
            #expect(try await Invitation.query(on: app.db).filter(\.$acceptedAt != nil).count() >= 1)
            #expect(try await browser.get("/").status == .ok)
            let again = try await browser.get(SiteURL.invitationCIS2(token: world.invitationTokenA).path)
            #expect(again.status == .gone)
        }
    }

    @Test func linkingNeedsTheSignInThatStartedIt() async throws {
        try await withCIS2App { app, provider, _ in
            // setup: gpA starts a link, then signs out before CIS2 answers
            let world = try await TestWorld.make(on: app)
            try await provider.addUser(sub: Self.subject, name: "Dr Alpha")
            var browser = TestBrowser(app)
            try await browser.signIn(world.gpA)
            let started = try await browser.post(SiteURL.cis2Link.path)
            let back = try await provider.signIn(at: started.location, as: Self.subject)
            _ = try await browser.post(SiteURL.logout.path)
            // MUT
            let answer = try await browser.get(back)
            // validate
            #expect(answer.status == .forbidden)
            #expect(try await ExternalIdentity.query(on: app.db).count() == 0)
        }
    }

    @Test func stepUpToAAL3IsRefusedWhenCIS2VouchesOnlyForAAL2() async throws {
        try await withCIS2App { app, provider, _ in
            // setup: a person whose CIS2 sign-in is AAL2 (no smartcard to hand)
            let world = try await TestWorld.make(on: app)
            try await provider.addUser(sub: Self.subject, name: "Dr Alpha", acr: "AAL2")
            try await Self.link(app, world.gpA, issuer: provider.issuer)
            var browser = TestBrowser(app)
            // MUT: a pool or action asks for AAL3
            let back = try await Self.signIn(&browser, provider, start: SiteURL.cis2Start.path + "?level=AAL3")
            // validate
            #expect(back.status == .forbidden)
            #expect(back.body.string.contains("needs a sign-in at AAL3 or higher"))
            #expect(back.body.string.contains("vouched for AAL2"))
            #expect(try await Self.sessions(app) == 0)
        }
    }

    @Test func aPoolThatNeedsAAL3StepsUpThroughCIS2() async throws {
        try await withCIS2App { app, provider, _ in
            // setup: pool A needs AAL3; gpA signs in with a password and code (AAL2) and has a smartcard linked
            let world = try await TestWorld.make(on: app)
            try await DesktopPool.query(on: app.db).filter(\.$id == world.desktopPoolA).set(\.$requiredAssurance, to: "AAL3").update()
            try await provider.addUser(sub: Self.subject, name: "Dr Alpha", acr: "AAL3")
            try await Self.link(app, world.gpA, issuer: provider.issuer)
            var browser = TestBrowser(app)
            try await browser.signIn(world.gpA)
            // MUT
            let open = try await browser.post(SiteURL.desktopOpen(id: world.desktopPoolA).path)
            let ticket = try await browser.post(SiteURL.desktopTicket(id: world.desktopPoolA).path)
            // validate: sent to CIS2 for AAL3, back to the pool at AAL3, and then the pool opens
            let pool = SiteURL.desktopPool(id: world.desktopPoolA).path
            #expect(open.status == .seeOther && open.location == SiteURL.cis2Start.path + "?level=AAL3&next=\(pool)", "\(open.location)")
            #expect(ticket.status == .forbidden)
            let back = try await Self.signIn(&browser, provider, start: open.location)
            #expect(back.status == .seeOther && back.location == pool, "\(back.body.string)")
            #expect(try #require(try await StaffSession.query(on: app.db).filter(\.$assuranceLevel == "AAL3").first()).requestedLevel == "AAL3")
            #expect(try await Self.sessions(app) == 1, "the AAL2 session was replaced")
            let again = try await browser.post(SiteURL.desktopOpen(id: world.desktopPoolA).path)
            #expect(again.status == .seeOther && again.location == pool)
        }
    }

    @Test func backChannelLogoutEndsThePersonsSessionsAndLiveConnections() async throws {
        try await withCIS2App { app, provider, port in
            // setup: gpA signed in with CIS2, the queue's live stream open
            let world = try await TestWorld.make(on: app)
            try await provider.addUser(sub: Self.subject, name: "Dr Alpha")
            try await Self.link(app, world.gpA, issuer: provider.issuer)
            var browser = TestBrowser(app)
            #expect(try await Self.signIn(&browser, provider).status == .seeOther)
            let token = try #require(browser.cookies[SiteCookie.session])
            let stream = try await TestEventStream(port: port, path: SiteURL.queueEvents.path, session: token)
            var other = TestBrowser(app)
            try await other.signIn(world.managerA)
            // MUT: the provider sends its logout token to the app
            let status = try await provider.logOut(clientID: app.appConfig.nhsIdentity.cis2!.clientID, sub: Self.subject)
            // validate: gpA's sessions and stream end; the manager's session stays
            #expect(status == 200)
            #expect(try await stream.ended() == LiveEnding.signedOutAtProvider(person: world.gpA.id).reason)
            #expect(try await StaffSession.query(on: app.db).filter(\.$person.$id == world.gpA.id).count() == 0)
            #expect(try await browser.get("/").status == .seeOther)
            #expect(try await other.get("/").status == .ok)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == AuditAction.signOutBackChannel.rawValue).count() == 1)
        }
    }

    @Test func aForgedLogoutTokenEndsNothing() async throws {
        try await withCIS2App { app, provider, _ in
            // setup: gpA signed in with CIS2; a logout token signed by someone else's key
            let world = try await TestWorld.make(on: app)
            try await provider.addUser(sub: Self.subject, name: "Dr Alpha")
            try await Self.link(app, world.gpA, issuer: provider.issuer)
            var browser = TestBrowser(app)
            #expect(try await Self.signIn(&browser, provider).status == .seeOther)
            let keys = JWTKeyCollection()
            let stranger = try JWTKit.Insecure.RSA.PrivateKey(backing: _RSA.Signing.PrivateKey(keySize: .bits2048))
            await keys.add(rsa: stranger, digestAlgorithm: .sha512, kid: "provider-1")
            let forged = try await keys.sign(
                LogoutTokenClaims(
                    iss: provider.issuer, aud: .init(value: [app.appConfig.nhsIdentity.cis2!.clientID]), iat: Date().timeIntervalSince1970,
                    exp: nil, jti: "x", sub: Self.subject, sid: nil, nonce: nil, events: [LogoutTokenClaims.event: [:]]),
                kid: "provider-1")
            // MUT
            var headers = HTTPHeaders()
            headers.contentType = .urlEncodedForm
            let answer = try await app.testing().sendRequest(
                .POST, SiteURL.cis2BackChannelLogout.path, headers: headers, body: ByteBuffer(string: "logout_token=\(forged)"))
            // validate
            #expect(answer.status == .badRequest)
            #expect(answer.body.string.contains("invalid_request"))
            #expect(try await Self.sessions(app) == 1)
            #expect(try await browser.get("/").status == .ok)
        }
    }

    @Test func theAppPublishesItsKeyAndNoPrivatePart() async throws {
        try await withCIS2App { app, _, _ in
            // MUT
            let response = try await app.testing().sendRequest(.GET, SiteURL.signingKeys.path)
            // validate
            #expect(response.status == .ok)
            let set = try JSONDecoder().decode(JWKS.self, from: Data(response.body.readableBytesView))
            #expect(set.keys.count == 1)
            #expect(set.keys[0].modulus != nil && set.keys[0].privateExponent == nil && set.keys[0].algorithm == .rs512)
            let stored = try #require(try await OIDCSigningKey.query(on: app.db).first())
            #expect(stored.sealedPEM.hasPrefix("v1:") && !stored.sealedPEM.contains("PRIVATE KEY"))
        }
    }

    @Test func withoutConfigurationThereIsNoButtonAndNoRoute() async throws {
        try await withTestApp { app in
            // MUT
            let login = try await app.testing().sendRequest(.GET, SiteURL.login.path)
            let start = try await app.testing().sendRequest(.GET, SiteURL.cis2Start.path)
            let keys = try await app.testing().sendRequest(.GET, SiteURL.signingKeys.path)
            // validate
            #expect(login.status == .ok && !login.body.string.contains("NHS Care Identity"))
            #expect(start.status == .notFound && keys.status == .notFound)
        }
    }
}
