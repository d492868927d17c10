import Domain
import Fluent
import Foundation
import Vapor

/// Accepting an invitation: a new account sets a password, then enrols a second factor; someone who has an account
/// signs in to it (password and second factor, under its lockout) and accepts while signed in.
enum InvitationController {
    struct AcceptForm: Content {
        var password: String?
        var confirm: String?
    }

    private static func find(_ req: Request) async throws -> (Invitation, String) {
        let token = try req.parameter(.invitationToken)
        guard let invitation = try await Invitation.query(on: req.db).filter(\.$tokenDigest == SecretToken.digest(token))
            .with(\.$organisation).first()
        else { throw Abort(.notFound, reason: "This invitation link is not right. Check you copied all of it, or ask for a new invitation.") }
        guard invitation.acceptedAt == nil else {
            throw Abort(.gone, reason: "This invitation has been used already. Sign in with your email address and password.")
        }
        guard invitation.expiresAt > Date() else {
            throw Abort(.gone, reason: "This invitation has expired. Ask the practice manager who invited you to send a new one.")
        }
        return (invitation, token)
    }

    /// Whether the invitation is for an account that exists, and whether this browser is signed in to it with both factors.
    private static func account(for invitation: Invitation, _ req: Request) async throws -> (existing: Person?, signedIn: Bool) {
        let existing = try await Person.query(on: req.db).filter(\.$email == invitation.email).first()
        guard let existing, existing.passwordHash != nil else { return (existing, false) }
        guard let session = req.staffSession, session.secondFactorAt != nil else { return (existing, false) }
        return (existing, session.$person.id == existing.id)
    }

    private static func page(_ invitation: Invitation, existing: Person?, signedIn: Bool, errors: [FormError], token: String)
        -> AcceptInvitationPage
    {
        AcceptInvitationPage(
            invitation: invitation, organisationName: invitation.organisation.name,
            account: existing?.passwordHash == nil ? .new : (signedIn ? .signedIn : .signInFirst), errors: errors, token: token)
    }

    @Sendable static func show(req: Request) async throws -> Response {
        let (invitation, token) = try await find(req)
        let (existing, signedIn) = try await account(for: invitation, req)
        return try await page(invitation, existing: existing, signedIn: signedIn, errors: [], token: token).render(req)
            .encodeResponse(for: req)
    }

    @Sendable static func accept(req: Request) async throws -> Response {
        if let refused = await req.throttled(.invitation) { return refused }
        let (invitation, token) = try await find(req)
        let form = try req.content.decode(AcceptForm.self)
        let password = form.password ?? ""
        let (existing, signedIn) = try await account(for: invitation, req)
        var errors: [FormError] = []
        if existing?.passwordHash != nil {
            guard signedIn else {
                let message = "If you already have an account, sign in to it first, then open this link again."
                let page = page(invitation, existing: existing, signedIn: false, errors: [.init(field: "password", message: message)], token: token)
                return .page(page.render(req), status: .unprocessableEntity)
            }
        } else if let problem = PasswordPolicy.standard.problem(with: password, email: invitation.email) {
            errors.append(.init(field: "password", message: problem.message))
        } else if password != form.confirm {
            errors.append(.init(field: "confirm", message: "The two passwords are not the same"))
        }
        guard errors.isEmpty else {
            let page = page(invitation, existing: existing, signedIn: signedIn, errors: errors, token: token)
            return .page(page.render(req), status: .unprocessableEntity)
        }
        let newHash = existing?.passwordHash == nil ? try await req.passwords.hash(password) : nil
        let person = try await req.db.writeTransaction { tx -> Person in
            let person = existing ?? Person(name: invitation.name, email: invitation.email)
            if let newHash { person.passwordHash = newHash }
            try await person.save(on: tx)
            guard let period = try? EngagementPeriod(starts: invitation.startsOn, ends: invitation.endsOn)
            else { throw Abort(.unprocessableEntity, reason: "This invitation is damaged. Ask for a new one.") }
            try await Engagement(personID: person.requireID(), organisationID: invitation.$organisation.id, role: invitation.role,
                                 kind: invitation.kind, period: period).create(on: tx)
            invitation.acceptedAt = Date()
            try await invitation.save(on: tx)
            try await req.audit(.invitationAccepted, recordType: "invitation", recordID: invitation.id?.uuidString, actorID: person.id, within: tx)
            return person
        }
        if signedIn { return req.redirect(to: SiteURL.home.path, redirectType: .normal) }
        let (_, sessionToken, formToken) = try await SignIn(request: req).startSession(for: person)
        let response = req.redirect(to: person.hasSecondFactor ? SiteURL.secondFactor.path : SiteURL.enrol.path, redirectType: .normal)
        SiteCookie.signIn(response, token: sessionToken, formToken: formToken, config: req.application.appConfig)
        return response
    }
}
