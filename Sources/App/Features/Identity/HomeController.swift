import Domain
import Fluent
import Foundation
import Plot
import Vapor

/// The home page and the organisation switcher.
enum HomeController {
    struct ActingForForm: Content {
        var organisation: String?
    }

    @Sendable static func show(req: Request) async throws -> HTML {
        let staff = try req.staff
        return Layout("Home", section: .home, request: req).render([
            .h1(.text("Home")),
            .p(.class("lead"), .text("Hello, \(staff.person.name).")),
            .h2(.text("Where you work today")),
            .div(.class("table-wrap"), .attribute(named: "tabindex", value: "0"), .attribute(named: "role", value: "region"), .attribute(named: "aria-label", value: "Your engagements (scrolls sideways)"), .table(
                .class("table"),
                .caption(.text("Your active engagements")),
                .thead(.tr(.th(.text("Organisation")), .th(.text("Role")), .th(.text("Kind")), .th(.text("Until")))),
                .tbody(
                    .forEach(staff.engagements) { item in
                        .tr(
                            .td(.text("\(item.organisation.name) (\(item.organisation.odsCode))")),
                            .td(.text(item.engagement.role.displayName)),
                            .td(.text(item.engagement.kind.displayName)),
                            .td(.text(item.engagement.endsOn?.displayText ?? "No end date"))
                        )
                    }
                )
            )),
            .h2(.text("Your work")),
            .ul(
                .class("card-list"),
                .li(.a(.href(SiteURL.consult.path), .text("Remote assessment")), .text(": online requests, triage, messages and video consultations.")),
                .li(.a(.href(SiteURL.desktops.path), .text("Virtual login")), .text(": open a desktop from any device.")),
                .li(.a(.href(SiteURL.estate.path), .text("Digital estate")), .text(": kit, credentials and remote-working readiness."))
            ),
            .h2(.text("Your account")),
            Components.postButton("Sign out on every device", to: .logoutEverywhere, csrf: req.csrfToken, style: "button--secondary"),
        ])
    }

    @Sendable static func switchActingFor(req: Request) async throws -> Response {
        let staff = try req.staff
        let code = (try req.content.decode(ActingForForm.self).organisation ?? "").uppercased()
        guard let target = staff.organisationsActingFor.first(where: { $0.odsCode == code }) else {
            throw Abort(.forbidden, reason: "You have no active engagement with that organisation today, so you cannot act for it.")
        }
        staff.session.actingOrganisationID = target.id
        try await req.db.writeTransaction { tx in
            try await staff.session.save(on: tx)
            try await req.audit(.actingForChanged, recordType: "organisation", recordID: target.odsCode, within: tx)
        }
        return req.redirect(to: SiteURL.home.path, redirectType: .normal)
    }
}
