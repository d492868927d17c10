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
        let staff = try req.staff
        try staff.require(.manageAPITokens)
        return try await page(req, staff: staff, draft: APITokenPage.blankDraft, errors: [], created: nil)
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let staff = try req.staff
        try staff.require(.manageAPITokens)
        let form = try req.content.decode(CreateForm.self)
        let draft = APITokenDraft(name: form.name, access: form.access, areas: form.areas ?? [], lifetimeDays: form.lifetimeDays)
        let checked: APITokenDraft.Checked
        do { checked = try draft.validate() } catch {
            let errors = error.all.map { FormError(field: $0.field, message: $0.message) }
            return .page(try await page(req, staff: staff, draft: draft, errors: errors, created: nil), status: .unprocessableEntity)
        }
        let organisationID = try staff.actingOrganisation.requireID()
        let makerID = try staff.person.requireID()
        let (token, secret) = try await req.db.writeTransaction { tx in
            let (token, secret) = try await issue(checked, organisationID: organisationID, makerID: makerID, on: tx, now: Date())
            try await req.audit(.apiTokenCreated, recordType: "api_token", recordID: token.id?.uuidString, detail: auditDetail(token), within: tx)
            return (token, secret)
        }
        let created = APITokenPage.Created(secret: secret, scope: checked.scope, expiry: token.expiry)
        return try await page(req, staff: staff, draft: APITokenPage.blankDraft, errors: [], created: created).encodeResponse(for: req)
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

    private static func page(_ req: Request, staff: StaffContext, draft: APITokenDraft, errors: [FormError], created: APITokenPage.Created?)
        async throws -> HTML
    {
        let organisationID = try staff.actingOrganisation.requireID()
        let tokens = try await APIToken.query(on: req.db).filter(\.$organisation.$id == organisationID).sort(\.$createdAt, .descending).all()
        let engagedMakers = Set(
            try await Engagement.query(on: req.db).filter(\.$organisation.$id == organisationID)
                .filter(\.$person.$id ~~ Set(tokens.map(\.$createdBy.id))).all()
                .filter { $0.isActive(on: staff.today) }.map(\.$person.id))
        return APITokenPage(
            organisationName: staff.actingOrganisation.name,
            rows: tokens.map { APITokenPage.Row(token: $0, makerEngaged: engagedMakers.contains($0.$createdBy.id)) },
            draft: draft, errors: errors, created: created, now: Date()
        ).render(req)
    }
}
