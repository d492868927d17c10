import Domain
import Fluent
import Foundation
import Vapor

/// Staff sign-in with NHS CIS2 beside password and TOTP: start (at AAL2, or a higher level a pool or action asks for),
/// link a signed-in account, the provider's return, and back-channel logout. The app's public key for
/// `private_key_jwt` is served here too.
enum CIS2Controller {
    struct StartQuery: Content {
        var next: String?
        var level: String?
    }

    /// Sends the browser to CIS2. `level=AAL3` steps up: CIS2 is asked to sign the person in again at that level.
    @Sendable static func start(req: Request) async throws -> Response {
        let query = try req.query.decode(StartQuery.self)
        let asked = query.level.flatMap(AssuranceLevel.init(acr:)) ?? .standard
        let level = max(asked, .standard)
        let extra: [(String, String)] = level > .standard ? [("prompt", "login"), ("max_age", "0")] : []
        return try await OIDCSignInFlow(req, .cis2).start(purpose: .signIn, level: level, next: LoginController.nextPath(req), extra: extra)
    }

    /// Links the signed-in person's CIS2 identity: they go to CIS2 and come back as the same signed-in person.
    @Sendable static func link(req: Request) async throws -> Response {
        let staff = try req.staff
        return try await OIDCSignInFlow(req, .cis2).start(purpose: .link, level: .standard, personID: try staff.person.requireID())
    }

    /// CIS2's return: signs in the linked person, or links the identity, or refuses with the reason and signs nobody in.
    @Sendable static func callback(req: Request) async throws -> Response {
        let flow = try OIDCSignInFlow(req, .cis2)
        do {
            let outcome = try await flow.finish()
            let response: Response
            switch outcome.attempt.purpose {
            case .link: response = try await linkIdentity(outcome, req: req)
            case .signIn: response = try await signIn(outcome, req: req)
            case .invitation: response = try await acceptInvitation(outcome, req: req)
            case .patientRequest: throw OIDCError.stateUnknown
            }
            OIDCSignInFlow.clearCookie(response, config: req.application.appConfig)
            return response
        } catch let error as OIDCError {
            try await req.audit(.signInProviderRefused, recordType: "provider", recordID: OIDCProviderConfig.Kind.cis2.rawValue, detail: error.code)
            req.logger.notice("CIS2 sign-in refused", metadata: ["reason": "\(error.code)"])
            throw Abort(error.status, reason: error.message(provider: OIDCProviderConfig.Kind.cis2.displayName))
        }
    }

    /// A session for the person linked to the token's subject, fully signed in at the level CIS2 vouched for. A
    /// session this browser already had (a step-up) is replaced.
    private static func signIn(_ outcome: OIDCSignInFlow.Outcome, req: Request) async throws -> Response {
        let flow = try OIDCSignInFlow(req, .cis2)
        guard let link = try await ExternalIdentity.query(on: req.db)
            .filter(\.$provider == OIDCProviderConfig.Kind.cis2.rawValue).filter(\.$issuer == flow.config.issuer)
            .filter(\.$subject == outcome.claims.sub).with(\.$person).first()
        else { throw OIDCError.notLinked }
        return try await openSession(for: link.person, outcome, req: req)
    }

    /// A session for `person`, fully signed in at the level CIS2 vouched for, replacing this browser's own.
    private static func openSession(for person: Person, _ outcome: OIDCSignInFlow.Outcome, req: Request) async throws -> Response {
        let personID = try person.requireID()
        let now = Date()
        let token = SecretToken.generate(), formToken = SecretToken.generate()
        let session = StaffSession(personID: personID, tokenDigest: SecretToken.digest(token), now: now, sourceAddress: req.remoteAddress?.ipAddress)
        session.csrfDigest = SecretToken.digest(formToken)
        session.secondFactorAt = now
        session.signInMethod = OIDCProviderConfig.Kind.cis2.rawValue
        session.assuranceLevel = outcome.claims.acr.flatMap(AssuranceLevel.init(acr:))?.name
        session.requestedLevel = outcome.attempt.requiredLevel
        session.providerSessionID = outcome.claims.sid
        if req.staffSession?.$person.id == personID { session.actingOrganisationID = req.staffSession?.actingOrganisationID }
        let previous = req.staffSession
        let detail = "acr requested \(outcome.attempt.requiredLevel ?? "none"), received \(session.assuranceLevel ?? "none")"
        try await req.db.writeTransaction { tx in
            if let previous { try await StaffSession.query(on: tx).filter(\.$id == previous.requireID()).delete() }
            try await session.create(on: tx)
            try await req.audit(.signInCIS2, recordType: "person", recordID: personID.uuidString, detail: detail, actorID: personID, within: tx)
        }
        if let previousID = previous?.id { await req.application.endLiveConnections(.signedOut(session: previousID), on: req.db) }
        let response = req.redirect(to: outcome.attempt.nextPath ?? SiteURL.home.path, redirectType: .normal)
        SiteCookie.signIn(response, token: token, formToken: formToken, config: req.application.appConfig)
        return response
    }

    /// Links the CIS2 subject to the account of the person who started the link, if they are still signed in here.
    private static func linkIdentity(_ outcome: OIDCSignInFlow.Outcome, req: Request) async throws -> Response {
        let flow = try OIDCSignInFlow(req, .cis2)
        guard let session = req.staffSession, session.secondFactorAt != nil, let personID = outcome.attempt.personID,
            session.$person.id == personID
        else { throw OIDCError.linkNeedsSignIn }
        let kind = OIDCProviderConfig.Kind.cis2.rawValue
        let taken = try await ExternalIdentity.query(on: req.db).filter(\.$provider == kind).group(.or) {
            $0.filter(\.$person.$id == personID).group(.and) { $0.filter(\.$issuer == flow.config.issuer).filter(\.$subject == outcome.claims.sub) }
        }.count()
        guard taken == 0 else { throw OIDCError.alreadyLinked }
        let identity = ExternalIdentity(provider: .cis2, issuer: flow.config.issuer, subject: outcome.claims.sub, personID: personID, now: Date())
        try await req.db.writeTransaction { tx in
            try await identity.create(on: tx)
            try await req.audit(.cis2Linked, recordType: "person", recordID: personID.uuidString, within: tx)
        }
        return req.redirect(to: SiteURL.home.path + "?linked=cis2", redirectType: .normal)
    }

    /// An invitation accepted with CIS2 instead of a password: the account is made (or a password-less one taken),
    /// engaged, and linked to the CIS2 subject, all at once; then the invitee is signed in.
    private static func acceptInvitation(_ outcome: OIDCSignInFlow.Outcome, req: Request) async throws -> Response {
        let flow = try OIDCSignInFlow(req, .cis2)
        guard let digest = outcome.attempt.subjectKey,
            let invitation = try await Invitation.query(on: req.db).filter(\.$tokenDigest == digest).first(),
            invitation.acceptedAt == nil, invitation.expiresAt > Date()
        else { throw Abort(.gone, reason: "This invitation has been used already or has expired. Ask the practice manager who invited you to send a new one.") }
        let existing = try await Person.query(on: req.db).filter(\.$email == invitation.email).first()
        guard existing?.passwordHash == nil else { throw OIDCError.alreadyLinked }
        let kind = OIDCProviderConfig.Kind.cis2.rawValue
        let taken = try await ExternalIdentity.query(on: req.db).filter(\.$provider == kind)
            .filter(\.$issuer == flow.config.issuer).filter(\.$subject == outcome.claims.sub).count()
        guard taken == 0 else { throw OIDCError.alreadyLinked }
        guard let period = try? EngagementPeriod(starts: invitation.startsOn, ends: invitation.endsOn) else {
            throw Abort(.unprocessableEntity, reason: "This invitation is damaged. Ask for a new one.")
        }
        let (issuer, subject) = (flow.config.issuer, outcome.claims.sub)
        let person = try await req.db.writeTransaction { tx -> Person in
            let person = existing ?? Person(name: invitation.name, email: invitation.email)
            try await person.save(on: tx)
            let personID = try person.requireID()
            try await Engagement(personID: personID, organisationID: invitation.$organisation.id, role: invitation.role, kind: invitation.kind, period: period)
                .create(on: tx)
            try await ExternalIdentity(provider: .cis2, issuer: issuer, subject: subject, personID: personID, now: Date()).create(on: tx)
            invitation.acceptedAt = Date()
            try await invitation.save(on: tx)
            try await req.audit(.invitationAccepted, recordType: "invitation", recordID: invitation.id?.uuidString, actorID: personID, within: tx)
            try await req.audit(.cis2Linked, recordType: "person", recordID: personID.uuidString, actorID: personID, within: tx)
            return person
        }
        return try await openSession(for: person, outcome, req: req)
    }

    /// Back-channel logout: CIS2 says the person signed out there. Their sessions end (all of them when it names the
    /// subject; those of that CIS2 session when it names only `sid`), and so do their live connections.
    @Sendable static func backChannelLogout(req: Request) async throws -> Response {
        struct Form: Content { var logout_token: String? }
        let flow = try OIDCSignInFlow(req, .cis2)
        let token = (try? req.content.decode(Form.self))?.logout_token ?? ""
        let claims: LogoutTokenClaims
        do { claims = try await flow.provider.checkLogoutToken(token) } catch {
            try await req.audit(.signInProviderRefused, recordType: "provider", recordID: "cis2", detail: "logout: \(error.code)")
            return try problem(error.message(provider: "NHS Care Identity"), status: .badRequest)
        }
        var linked: UUID?
        if let subject = claims.sub {
            linked = try await ExternalIdentity.query(on: req.db).filter(\.$provider == OIDCProviderConfig.Kind.cis2.rawValue)
                .filter(\.$issuer == flow.config.issuer).filter(\.$subject == subject).first()?.$person.id
        }
        let person = linked
        var found: [StaffSession] = []
        if person != nil || claims.sid != nil {
            found = try await StaffSession.query(on: req.db).group(.or) { group in
                if let person { group.filter(\.$person.$id == person) }
                if let sid = claims.sid { group.filter(\.$providerSessionID == sid) }
            }.all()
        }
        let sessions = found
        let ended = sessions.compactMap(\.id)
        // the token is remembered in the same transaction that ends the sessions: a token sent again is refused, and
        // one whose sessions could not be ended may be sent again
        let (issuer, jti) = (flow.config.issuer, claims.jti ?? "")
        let forgetAfter = Date(timeIntervalSince1970: claims.iat + IdentityProvider.logoutTokenWindow + 60)
        let firstUse = try await req.db.writeTransaction { tx -> Bool in
            guard try await OIDCLogoutToken.firstUse(issuer: issuer, jti: jti, forgetAfter: forgetAfter, on: tx) else { return false }
            if !ended.isEmpty { try await StaffSession.query(on: tx).filter(\.$id ~~ ended).delete() }
            try await req.audit(
                .signOutBackChannel, recordType: "person", recordID: (person ?? sessions.first?.$person.id)?.uuidString,
                detail: "\(ended.count) session(s) ended", actorID: person, within: tx)
            return true
        }
        guard firstUse else {
            try await req.audit(.signInProviderRefused, recordType: "provider", recordID: "cis2", detail: "logout: replayed")
            return try problem("This logout token has been used already.", status: .badRequest)
        }
        if let person {
            await req.application.endLiveConnections(.signedOutAtProvider(person: person), on: req.db)
        } else {
            for id in ended { await req.application.endLiveConnections(.signedOut(session: id), on: req.db) }
        }
        let response = Response(status: .ok)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    /// The app's public signing keys (JWKS), which the NHS registers for `private_key_jwt`.
    @Sendable static func signingKeys(req: Request) async throws -> Response {
        guard !req.application.identityProviders.isEmpty else { throw Abort(.notFound, reason: "That page does not exist.") }
        let keys = try await req.application.relyingPartyKey.published(on: req.db, box: req.application.secretBox)
        let response = Response(status: .ok, body: .init(data: try JSONEncoder().encode(keys)))
        response.headers.contentType = .json
        response.headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=300")
        return response
    }

    /// A back-channel logout refusal (OpenID Connect Back-Channel Logout §2.8): 400 with an OAuth error body.
    private static func problem(_ description: String, status: HTTPResponseStatus) throws -> Response {
        let body = try JSONEncoder().encode(["error": "invalid_request", "error_description": description])
        let response = Response(status: status, body: .init(data: body))
        response.headers.contentType = .json
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }
}
