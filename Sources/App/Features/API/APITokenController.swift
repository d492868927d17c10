import Domain
import Fluent
import Foundation
import Plot
import Vapor

/// API tokens of the acting organisation: create (shown once), list, revoke.
enum APITokenController {
    struct CreateForm: Content {
        var name: String?
    }

    @Sendable static func index(req: Request) async throws -> HTML {
        let staff = try req.staff
        try staff.require(.manageAPITokens)
        return try await page(req, staff: staff, errors: [], created: nil)
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let staff = try req.staff
        try staff.require(.manageAPITokens)
        let name = (try req.content.decode(CreateForm.self).name ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name.count <= 100 else {
            let errors = [FormError(field: "name", message: "Give the token a name of up to 100 characters, such as the system that will use it")]
            return .page(try await page(req, staff: staff, errors: errors, created: nil), status: .unprocessableEntity)
        }
        let secret = APIToken.prefix + SecretToken.generate()
        let token = APIToken(name: name, tokenDigest: SecretToken.digest(secret), organisationID: try staff.actingOrganisation.requireID(),
                             createdByID: try staff.person.requireID(), now: Date())
        try await req.db.writeTransaction { tx in
            try await token.create(on: tx)
            try await req.audit(.apiTokenCreated, recordType: "api_token", recordID: token.id?.uuidString, within: tx)
        }
        return try await page(req, staff: staff, errors: [], created: secret).encodeResponse(for: req)
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

    private static func page(_ req: Request, staff: StaffContext, errors: [FormError], created: String?) async throws -> HTML {
        let tokens = try await APIToken.query(on: req.db).filter(\.$organisation.$id == staff.actingOrganisation.requireID())
            .sort(\.$createdAt, .descending).all()
        return Layout("API tokens", section: .settings, request: req).render([
            .h1(.text("API tokens")),
            .p(.text("A token lets another system use the Surgery Anywhere API for \(staff.actingOrganisation.name). The API is described at "),
               .a(.href(SiteURL.openAPI.path), .text(SiteURL.openAPI.path)), .text(".")),
            .unwrap(created) { secret in
                .div(.class("notice"), .attribute(named: "role", value: "status"),
                     .p(.text("Copy this token now; it will not be shown again:")),
                     .p(.code(.attribute(named: "data-testid", value: "api-token"), .text(secret))))
            },
            Components.errorSummary(errors),
            .form(
                .action(SiteURL.apiTokens.path), .method(.post), .novalidate(),
                Components.csrfField(req.csrfToken),
                .div(Components.field("name", label: "Name of the new token", errors: errors)),
                .button(.type(.submit), .class("button"), .text("Create token"))
            ),
            .div(
                .class("table-wrap"), .attribute(named: "tabindex", value: "0"), .attribute(named: "role", value: "region"), .attribute(named: "aria-label", value: "API tokens (scrolls sideways)"),
                .table(
                    .class("table"),
                    .thead(.tr(.th(.text("Name")), .th(.text("Created")), .th(.text("Last used")), .th(.text("Status")), .th(.text("Action")))),
                    .tbody(.forEach(tokens) { token in
                        .tr(.td(.text(token.name)), .td(.text(CalendarDay(token.createdAt).displayText)),
                            .td(.text(token.lastUsedAt.map { CalendarDay($0).displayText } ?? "Never")),
                            .td(.text(token.revokedAt == nil ? "Active" : "Revoked")),
                            .td(.if(token.revokedAt == nil, .unwrap(token.id) { id in
                                Components.postButton("Revoke", to: .apiTokenRevoke(id: id), csrf: req.csrfToken, style: "button--warning")
                            })))
                    })
                )
            ),
        ])
    }
}
