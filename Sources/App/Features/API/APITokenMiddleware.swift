import Domain
import Fluent
import Foundation
import Vapor

/// Accepts `Authorization: Bearer sa_…`; everything under /api/v1 answers only to a token that is known, not revoked,
/// not expired, and whose maker still has an active engagement at the token's organisation today (401 otherwise,
/// saying why). What the token may do there is checked per area by `APIScopeMiddleware`.
struct APITokenMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let bearer = request.headers.bearerAuthorization?.token, bearer.hasPrefix(APIToken.prefix) else {
            throw Abort(.unauthorized, headers: ["WWW-Authenticate": "Bearer"], reason: "Send an API token in the Authorization header: Bearer sa_…")
        }
        guard let token = try await APIToken.query(on: request.db)
            .filter(\.$tokenDigest == SecretToken.digest(bearer)).filter(\.$revokedAt == nil)
            .with(\.$organisation).first()
        else {
            throw Abort(.unauthorized, headers: Self.invalidToken, reason: "This API token is not known or has been revoked.")
        }
        let now = Date()
        let makerEngaged = try await Self.makerIsEngaged(token, on: request.db, today: CalendarDay(now))
        if let refusal = APITokenRefusal.standing(expiresAt: token.expiresAt, now: now, makerEngaged: makerEngaged, organisation: token.organisation.name) {
            throw Abort(HTTPResponseStatus(statusCode: refusal.status), headers: Self.invalidToken, reason: refusal.message)
        }
        if token.lastUsedAt.map({ now.timeIntervalSince($0) > 60 }) ?? true {
            token.lastUsedAt = now
            try await token.save(on: request.db)
        }
        request.apiToken = token
        return try await next.respond(to: request)
    }

    static let invalidToken: HTTPHeaders = ["WWW-Authenticate": #"Bearer error="invalid_token""#]

    /// Whether the token's maker holds an engagement at its organisation that is active today, in a role the system
    /// knows: the rule `StaffContext.load` applies to a signed-in person.
    static func makerIsEngaged(_ token: APIToken, on db: any Database, today: CalendarDay) async throws -> Bool {
        try await Engagement.query(on: db)
            .filter(\.$person.$id == token.$createdBy.id)
            .filter(\.$organisation.$id == token.$organisation.id)
            .all()
            .contains { $0.isActive(on: today) }
    }
}

/// Lets through only tokens whose scope covers this group's area of the API, and writes only from read-and-write
/// tokens (403 otherwise, saying what the token may do). Every /api/v1 route sits in exactly one such group.
struct APIScopeMiddleware: AsyncMiddleware {
    let area: APIArea

    init(_ area: APIArea) { self.area = area }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let token = try request.requireAPIToken()
        guard let scope = token.scope else {
            throw Abort(.forbidden, reason: "This API token's scope cannot be read. Revoke it and make a new one on the API tokens page.")
        }
        if let refusal = scope.refusal(area: area, method: request.method.rawValue) {
            let headers: HTTPHeaders = ["WWW-Authenticate": #"Bearer error="insufficient_scope""#]
            throw Abort(HTTPResponseStatus(statusCode: refusal.status), headers: headers, reason: refusal.message)
        }
        return try await next.respond(to: request)
    }
}

extension Request {
    private struct APITokenKey: StorageKey { typealias Value = APIToken }

    /// The token this API request came with.
    var apiToken: APIToken? {
        get { storage[APITokenKey.self] }
        set { storage[APITokenKey.self] = newValue }
    }

    func requireAPIToken() throws -> APIToken {
        guard let token = apiToken else { throw Abort(.unauthorized) }
        return token
    }
}
