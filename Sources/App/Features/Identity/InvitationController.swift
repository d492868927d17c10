import Domain
import Fluent
import Foundation
import Plot
import Vapor

/// Accepting an invitation: a new account sets a password, then enrols a second factor; someone who has an account
/// signs in to it (password and second factor, under its lockout) and accepts while signed in.
enum InvitationController {
    struct AcceptForm: Content {
        var password: String?
        var confirm: String?
    }

    @Sendable static func show(req: Request) async throws -> Response {
        let model = try await AcceptInvitation.Model.load(token: req.parameter(.invitationToken), session: req.staffSession, on: req.db)
        var shown = model
        shown.offersCIS2 = req.application.identityProviders[.cis2] != nil
        return try await AcceptInvitation.View(model: shown, chrome: req.pageChrome).html.encodeResponse(for: req)
    }

    /// Accepts with NHS CIS2 instead of a password, for a new account only: someone with an account signs in to it,
    /// accepts, then links CIS2 from their home page.
    @Sendable static func acceptWithCIS2(req: Request) async throws -> Response {
        let token = try req.parameter(.invitationToken)
        let model = try await AcceptInvitation.Model.load(token: token, session: req.staffSession, on: req.db)
        guard model.account == .new else {
            throw Abort(
                .forbidden,
                reason: "You already have an account here: sign in to it, accept the invitation, then link your NHS Care Identity from your home page.")
        }
        return try await OIDCSignInFlow(req, .cis2).start(purpose: .invitation, level: .standard, subjectKey: SecretToken.digest(token))
    }

    @Sendable static func accept(req: Request) async throws -> Response {
        if let refused = await req.throttled(.invitation) { return refused }
        var model = try await AcceptInvitation.Model.load(token: req.parameter(.invitationToken), session: req.staffSession, on: req.db)
        let form = try req.content.decode(AcceptForm.self)
        let password = form.password ?? ""
        let (invitation, existing, signedIn) = (model.invitation, model.existing, model.signedIn)
        if existing?.passwordHash != nil {
            guard signedIn else {
                model.errors = [.init(field: "password", message: "If you already have an account, sign in to it first, then open this link again.")]
                return .page(AcceptInvitation.View(model: model, chrome: req.pageChrome).html, status: .unprocessableEntity)
            }
        } else if let problem = PasswordPolicy.standard.problem(with: password, email: invitation.email) {
            model.errors.append(.init(field: "password", message: problem.message))
        } else if password != form.confirm {
            model.errors.append(.init(field: "confirm", message: "The two passwords are not the same"))
        }
        guard model.errors.isEmpty else {
            return .page(AcceptInvitation.View(model: model, chrome: req.pageChrome).html, status: .unprocessableEntity)
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
