import Domain
import Foundation
import Plot

extension Invite {
    /// The invitation form, and the link just made above it.
    struct View {
        var model: Model
        var chrome: PageChrome

        var html: HTML {
            let draft = model.draft
            let errors = model.errors
            return Layout("Invite someone", section: .staff, chrome: chrome).render([
                .h1(.text("Invite someone")),
                .unwrap(model.link) { link in
                    .div(
                        .class("notice"), .attribute(named: "role", value: "status"),
                        .p(.text("Invitation created for \(link.name). Send them this link; it works once, for 7 days:")),
                        .p(.code(.attribute(named: "data-testid", value: "invitation-link"), .text(link.url)))
                    )
                },
                Components.errorSummary(errors),
                .form(
                    .action(SiteURL.staffInvite.path), .method(.post), .novalidate(),
                    Components.csrfField(chrome.csrf),
                    .div(
                        Components.field("name", label: "Full name", value: draft.name ?? "", autocomplete: "off", errors: errors),
                        Components.field(
                            "email", label: "Email address", value: draft.email ?? "", type: .email, autocomplete: "off", errors: errors),
                        Components.select(
                            "role", label: "Role", options: model.roles.map { ($0.rawValue, $0.displayName) }, selected: draft.role,
                            errors: errors),
                        Components.select(
                            "kind", label: "Kind of engagement", options: EngagementKind.allCases.map { ($0.rawValue, $0.displayName) },
                            selected: draft.kind, errors: errors),
                        Components.field(
                            "startsOn", label: "First day", value: draft.startsOn ?? "", type: .date, hint: "For example 2026-12-01",
                            errors: errors),
                        Components.field(
                            "endsOn", label: "Last day (optional; required for a locum)", value: draft.endsOn ?? "", type: .date,
                            hint: "Access ends after this day", errors: errors)
                    ),
                    .button(.type(.submit), .class("button"), .text("Create invitation"))
                ),
            ])
        }
    }
}
