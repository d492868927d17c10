import Domain
import Fluent
import Foundation
import Plot
import Vapor

/// Sign-in with a password and a code from an authenticator app; sign-out here or everywhere, which also closes the
/// live connections (queue streams, desktop viewers, video sockets) of that sign-in or of them all.
enum LoginController {
    struct PasswordForm: Content {
        var email: String?
        var password: String?
    }

    struct CodeForm: Content {
        var code: String?
    }

    struct NextQuery: Content {
        var next: String?
    }

    @Sendable static func show(req: Request) async throws -> Response {
        if req.staffSession?.secondFactorAt != nil { return req.redirect(to: SiteURL.home.path) }
        let signedOut = (try? req.query.get(String.self, at: "signed-out")) != nil
        return try await passwordPage(req, email: "", errors: [], next: nextPath(req), signedOut: signedOut).encodeResponse(for: req)
    }

    @Sendable static func submitPassword(req: Request) async throws -> Response {
        let form = try req.content.decode(PasswordForm.self)
        if let refused = await req.throttled(.signInPassword, account: form.email) { return refused }
        let email = form.email ?? ""
        var errors: [FormError] = []
        if email.trimmingCharacters(in: .whitespaces).isEmpty { errors.append(.init(field: "email", message: "Enter your email address")) }
        if (form.password ?? "").isEmpty { errors.append(.init(field: "password", message: "Enter your password")) }
        let next = nextPath(req)
        guard errors.isEmpty else { return .page(passwordPage(req, email: email, errors: errors, next: next), status: .unprocessableEntity) }
        switch try await SignIn(request: req).password(email: email, password: form.password ?? "") {
        case .refused(let message):
            let page = passwordPage(req, email: email, errors: [.init(field: "password", message: message)], next: next)
            return .page(page, status: .unprocessableEntity)
        case .passed(let person):
            let (_, token, formToken) = try await SignIn(request: req).startSession(for: person)
            let target = person.hasSecondFactor ? SiteURL.secondFactor.path : SiteURL.enrol.path
            let response = req.redirect(to: target + (next.map { "?next=\($0)" } ?? ""), redirectType: .normal)
            SiteCookie.signIn(response, token: token, formToken: formToken, config: req.application.appConfig)
            return response
        }
    }

    @Sendable static func showSecondFactor(req: Request) async throws -> Response {
        guard let session = req.staffSession else { return req.redirectToLogin() }
        if session.secondFactorAt != nil { return req.redirect(to: SiteURL.home.path) }
        let person = try await session.$person.get(on: req.db)
        if !person.hasSecondFactor { return req.redirect(to: SiteURL.enrol.path) }
        return try await codePage(req, errors: [], next: nextPath(req)).encodeResponse(for: req)
    }

    @Sendable static func submitSecondFactor(req: Request) async throws -> Response {
        guard let session = req.staffSession else { return req.redirectToLogin() }
        if session.secondFactorAt != nil { return req.redirect(to: SiteURL.home.path) }
        let person = try await session.$person.get(on: req.db)
        if let refused = await req.throttled(.signInCode, account: person.email) { return refused }
        let code = (try req.content.decode(CodeForm.self).code ?? "").trimmingCharacters(in: .whitespaces)
        let next = nextPath(req)
        guard !code.isEmpty else {
            let errors = [FormError(field: "code", message: "Enter the 6-digit code from your authenticator app")]
            return .page(codePage(req, errors: errors, next: next), status: .unprocessableEntity)
        }
        switch try await SignIn(request: req).secondFactor(person: person, code: code) {
        case .refused(let message):
            return .page(codePage(req, errors: [.init(field: "code", message: message)], next: next), status: .unprocessableEntity)
        case .passed:
            let (token, formToken) = try await SignIn(request: req).completeSession(session)
            let response = req.redirect(to: next ?? SiteURL.home.path, redirectType: .normal)
            SiteCookie.signIn(response, token: token, formToken: formToken, config: req.application.appConfig)
            return response
        }
    }

    @Sendable static func logout(req: Request) async throws -> Response {
        if let session = req.staffSession {
            let sessionID = session.id
            try await req.db.writeTransaction { tx in
                try await session.delete(on: tx)
                try await req.audit(.signOut, recordType: "person", recordID: session.$person.id.uuidString, within: tx)
            }
            if let sessionID { await req.application.endLiveConnections(.signedOut(session: sessionID), on: req.db) }
        }
        return signedOut(req)
    }

    @Sendable static func logoutEverywhere(req: Request) async throws -> Response {
        let staff = try req.staff
        let personID = try staff.person.requireID()
        try await req.db.writeTransaction { tx in
            try await StaffSession.query(on: tx).filter(\.$person.$id == personID).delete()
            try await req.audit(.signOutEverywhere, recordType: "person", recordID: personID.uuidString, within: tx)
        }
        await req.application.endLiveConnections(.signedOutEverywhere(person: personID), on: req.db)
        return signedOut(req)
    }

    private static func signedOut(_ req: Request) -> Response {
        let response = req.redirect(to: SiteURL.login.path + "?signed-out=1", redirectType: .normal)
        response.cookies[SiteCookie.session] = SiteCookie.expired(config: req.application.appConfig)
        response.cookies[SiteCookie.csrf] = SiteCookie.expired(config: req.application.appConfig)
        return response
    }

    /// The email and password page, for the request's frame; `signedOut` is true only straight after signing out.
    private static func passwordPage(_ req: Request, email: String, errors: [FormError], next: String?, signedOut: Bool = false)
        -> HTML
    {
        let model = Login.Password.Model(
            email: email, errors: errors, next: next, signedOut: signedOut, offersCIS2: req.application.identityProviders[.cis2] != nil)
        return Login.Password.View(model: model, chrome: req.pageChrome).html
    }

    private static func codePage(_ req: Request, errors: [FormError], next: String?) -> HTML {
        Login.SecondFactor.View(model: .init(errors: errors, next: next), chrome: req.pageChrome).html
    }

    /// A same-site path to return to after sign-in; anything else is dropped.
    static func nextPath(_ req: Request) -> String? {
        guard let next = try? req.query.decode(NextQuery.self).next, next.hasPrefix("/"), !next.hasPrefix("//"),
            !next.contains("\\"), next.count < 512, !next.contains(where: { $0.isNewline || $0 == "\"" || $0 == "<" })
        else { return nil }
        return next
    }
}
