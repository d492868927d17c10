import Domain
import Fluent
import Foundation
import Plot
import Vapor

/// API tokens of the acting organisation: create (shown once, with a scope and an expiry), list, revoke.
enum APITokenController {
    /// The form of the tokens page, as typed.
    struct CreateForm: Content {
        var name: String?
        var access: String?
        var areas: [String]?
        var lifetimeDays: String?
    }

    @Sendable static func index(req: Request) async throws -> HTML {
        let model = try await APITokens.Model.load(for: try req.staff, now: Date(), on: req.db)
        return APITokens.View(model: model, chrome: req.pageChrome).html
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let staff = try req.staff
        try staff.require(.manageAPITokens)
        let form = try req.content.decode(CreateForm.self)
        let draft = APITokenDraft(name: form.name, access: form.access, areas: form.areas ?? [], lifetimeDays: form.lifetimeDays)
        let checked: APITokenDraft.Checked
        do { checked = try draft.validate() } catch {
            let errors = error.all.map { FormError(field: $0.field, message: $0.message) }
            let model = try await APITokens.Model.load(for: staff, draft: draft, errors: errors, now: Date(), on: req.db)
            return .page(APITokens.View(model: model, chrome: req.pageChrome).html, status: .unprocessableEntity)
        }
        let organisationID = try staff.actingOrganisation.requireID()
        let makerID = try staff.person.requireID()
        let (token, secret) = try await req.db.writeTransaction { tx in
            let (token, secret) = try await issue(checked, organisationID: organisationID, makerID: makerID, on: tx, now: Date())
            try await req.audit(.apiTokenCreated, recordType: "api_token", recordID: token.id?.uuidString, detail: auditDetail(token), within: tx)
            return (token, secret)
        }
        let created = APITokens.Created(secret: secret, scope: checked.scope, expiry: token.expiry)
        let model = try await APITokens.Model.load(for: staff, created: created, now: Date(), on: req.db)
        return try await APITokens.View(model: model, chrome: req.pageChrome).html.encodeResponse(for: req)
    }

    /// Stores a new token and returns it with its secret, which exists nowhere else: the page and `surgery api-token
    /// create` show it once.
    static func issue(_ checked: APITokenDraft.Checked, organisationID: UUID, makerID: UUID, on db: any Database, now: Date) async throws
        -> (APIToken, String)
    {
        let secret = APIToken.prefix + SecretToken.generate()
        let token = APIToken(
            name: checked.name, tokenDigest: SecretToken.digest(secret), organisationID: organisationID, createdByID: makerID,
            scope: checked.scope, expiresAt: checked.lifetime.expiry(from: now), now: now)
        try await token.create(on: db)
        return (token, secret)
    }

    /// "Read only: Audit trail; expires 15:04 on 6 March 2027 (UK time)", for the audit trail.
    static func auditDetail(_ token: APIToken) -> String {
        "\(token.scope?.summary ?? "no scope"); expires \(token.expiry.momentText)"
    }

    @Sendable static func revoke(req: Request) async throws -> Response {
        let staff = try req.staff
        try staff.require(.manageAPITokens)
        let id = try req.uuidParameter(.apiTokenID)
        guard let token = try await APIToken.query(on: req.db).filter(\.$id == id)
            .filter(\.$organisation.$id == staff.actingOrganisation.requireID()).first()
        else { throw Abort(.notFound, reason: "There is no such API token at \(staff.actingOrganisation.name).") }
        if token.revokedAt == nil {
            token.revokedAt = Date()
            try await req.db.writeTransaction { tx in
                try await token.save(on: tx)
                try await req.audit(.apiTokenRevoked, recordType: "api_token", recordID: id.uuidString, within: tx)
            }
        }
        return req.redirect(to: SiteURL.apiTokens.path, redirectType: .normal)
    }
}
