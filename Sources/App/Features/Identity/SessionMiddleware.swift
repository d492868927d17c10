import Domain
import Fluent
import Foundation
import Vapor

/// Names and settings of the cookies the site sets.
enum SiteCookie {
    static let session = "sa_session"
    static let csrf = "sa_csrf"

    static func value(_ value: String, config: AppConfig, maxAge: Int? = nil) -> HTTPCookies.Value {
        HTTPCookies.Value(
            string: value, maxAge: maxAge, path: "/", isSecure: config.secureCookies, isHTTPOnly: true,
            sameSite: .lax)
    }

    /// Puts a new session's cookie and its form token on the response; pages rendered for it already carry the form
    /// token, set on the request before rendering.
    static func signIn(_ response: Response, token: String, formToken: String, config: AppConfig) {
        response.cookies[session] = value(token, config: config)
        response.cookies[csrf] = value(formToken, config: config)
    }

    static func expired(config: AppConfig) -> HTTPCookies.Value {
        HTTPCookies.Value(string: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, path: "/", isSecure: config.secureCookies, isHTTPOnly: true, sameSite: .lax)
    }
}

/// Finds the browser's session from its cookie and ends it when idle or too old.
struct StaffSessionMiddleware: AsyncMiddleware {
    let config: AppConfig

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        request.checksBegan = .now
        if let token = request.cookies[SiteCookie.session]?.string, !token.isEmpty {
            let now = Date()
            if let read = try await SignInRead.read(digest: SecretToken.digest(token), on: request.db) {
                let session = read.session
                let idle = now.timeIntervalSince(session.lastSeenAt) > config.sessionIdle
                let old = now.timeIntervalSince(session.createdAt) > config.sessionAbsolute
                if idle || old {
                    try await session.delete(on: request.db)
                } else {
                    try await Self.checkFormToken(of: session, request)
                    if now.timeIntervalSince(session.lastSeenAt) > 30 {
                        session.lastSeenAt = now
                        try await request.db.writeTransaction { try await session.save(on: $0) }
                    }
                    request.staffSession = session
                    request.signInEngagements = read.engagements
                }
            }
        }
        return try await next.respond(to: request)
    }
}

extension StaffSessionMiddleware {
    /// A form posted in a session must carry the form token issued with that session (the double-submit check has
    /// already matched the field to the cookie). A session from before tokens were bound takes the browser's current one.
    static func checkFormToken(of session: StaffSession, _ request: Request) async throws {
        let cookie = request.cookies[SiteCookie.csrf]?.string ?? ""
        guard let bound = session.csrfDigest else {
            guard !cookie.isEmpty else { return }
            session.csrfDigest = SecretToken.digest(cookie)
            try await request.db.writeTransaction { try await session.save(on: $0) }
            return
        }
        guard request.method == .POST else { return }
        guard SecretToken.constantTimeEquals(SecretToken.digest(cookie), bound) else {
            throw Abort(.forbidden, reason: "This form had expired or did not come from this site. Go back, reload the page and try again.")
        }
    }
}

/// Lets through only people who passed both factors and hold an active engagement today.
struct RequireStaffMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let session = request.staffSession else { return request.redirectToLogin() }
        guard session.secondFactorAt != nil else {
            return request.redirect(to: SiteURL.secondFactor.path, redirectType: .normal)
        }
        let person = try await session.$person.get(on: request.db)
        let held: [SignInRead.Held]
        if let read = request.signInEngagements { held = read } else { held = try await StaffContext.engagements(of: person, on: request.db) }
        guard let context = try await StaffContext.settle(held, person: person, session: session, on: request.db, now: Date())
        else {
            throw Abort(
                .forbidden,
                reason: "You have no engagement that is active today, so there is nothing you can open. If you should have one, ask the practice manager who engaged you.")
        }
        request.staffContextIfLoaded = context
        return try await next.respond(to: request)
    }
}

extension Request {
    /// 303 to the sign-in page, remembering where the person was going (GET only, same site only).
    func redirectToLogin() -> Response {
        var target = SiteURL.login.path
        if method == .GET, url.path != SiteURL.home.path {
            let next = url.path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? ""
            target += "?next=\(next)"
        }
        return redirect(to: target, redirectType: .normal)
    }
}

/// Double-submit CSRF protection: every form carries the token that is also in an HttpOnly cookie.
struct CSRFMiddleware: AsyncMiddleware {
    let config: AppConfig
    static let fieldName = "csrf"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let existing = request.cookies[SiteCookie.csrf]?.string.nilIfEmpty
        let token = existing ?? SecretToken.generate()
        request.csrfToken = token
        var readBodyHere = false
        if request.method == .POST {
            if request.body.data == nil {
                // a route that collects large bodies (photo uploads) has not read its body yet: read it here, within its limit
                let limit = request.headers.contentType?.type == "multipart" ? 45 * 1024 * 1024 : 1024 * 1024
                readBodyHere = request.hasBodyToCome
                _ = try await request.body.collect(max: limit).get()
            }
            struct Field: Decodable { var csrf: String? }
            let sent = (try? request.content.decode(Field.self))?.csrf ?? ""
            guard let existing, SecretToken.constantTimeEquals(sent, existing) else {
                throw Abort(
                    .forbidden,
                    reason: "This form had expired or did not come from this site. Go back, reload the page and try again.")
            }
        }
        // a body read here was still arriving when the site's deadline was due to start (RequestDeadlineMiddleware)
        let response = try await readBodyHere
            ? RequestDeadlineMiddleware.answer(
                within: config.requestDeadline, counting: request.application.requestsInFlight, on: request.eventLoop) {
                    request.eventLoop.makeFutureWithTask { try await next.respond(to: request) }
                }.get()
            : next.respond(to: request)
        if existing == nil {
            response.cookies[SiteCookie.csrf] = SiteCookie.value(token, config: config)
        }
        return response
    }
}

extension Request {
    private struct CSRFKey: StorageKey { typealias Value = String }

    /// The token every form on this page must carry.
    var csrfToken: String {
        get { storage[CSRFKey.self] ?? "" }
        set { storage[CSRFKey.self] = newValue }
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
