import Domain
import Foundation
import Plot

extension APITokens {
    /// The form that makes a token, the token just made, and the organisation's tokens.
    struct View {
        var model: Model
        var chrome: PageChrome

        var html: HTML {
            let organisationName = model.organisationName
            return Layout("API tokens", section: .settings, chrome: chrome).render([
                .h1(.text("API tokens")),
                .p(
                    .text("A token lets another system use the Surgery Anywhere API for \(organisationName). The API is described at "),
                    .a(.href(SiteAsset.openAPI.path), .text(SiteAsset.openAPI.path)), .text(".")),
                .p(
                    .class("hint"),
                    .text(
                        "A token works only in its areas, only reads unless it is read and write, stops at its expiry, "
                            + "and stops for good when the person who made it is no longer engaged at \(organisationName).")),
                .unwrap(model.created) { created in
                    .div(
                        .class("notice"), .attribute(named: "role", value: "status"),
                        .p(.text("Copy this token now; it will not be shown again:")),
                        .p(.code(.attribute(named: "data-testid", value: "api-token"), .text(created.secret))),
                        .p(.text("\(created.scope.summary). It expires at \(created.expiry.momentText).")))
                },
                Components.errorSummary(model.errors),
                form,
                table,
            ])
        }

        private func error(_ field: String) -> FormError? { model.errors.first { $0.field == field } }

        private var form: Node<HTML.BodyContext> {
            let draft = model.draft
            return .form(
                .action(SiteURL.apiTokens.path), .method(.post), .novalidate(),
                Components.csrfField(chrome.csrf),
                .h2(.text("Make a token")),
                .div(
                    Components.field(
                        "name", label: "Name of the new token", value: draft.name ?? "", hint: "The system that will use it",
                        errors: model.errors)),
                fieldset(
                    "access", legend: "What it may do",
                    .div(
                        .class("radios"),
                        .forEach(APITokenAccess.allCases) { access in
                            var attributes: [Attribute<HTML.InputContext>] = [
                                .type(.radio), .id("access-\(access.rawValue)"), .name("access"), .value(access.rawValue),
                            ]
                            if draft.access == access.rawValue { attributes.append(.attribute(named: "checked", value: "checked")) }
                            return .div(
                                .class("radio"), .selfClosedElement(named: "input", attributes: attributes),
                                .label(
                                    .for("access-\(access.rawValue)"),
                                    .text(access == .readOnly ? "Read only" : "Read and write (can change records)")))
                        })),
                fieldset(
                    "areas", legend: "Areas it may use",
                    .forEach(APIArea.allCases) { area in
                        var attributes: [Attribute<HTML.InputContext>] = [
                            .type(.checkbox), .id("area-\(area.rawValue)"), .name("areas[]"), .value(area.rawValue),
                        ]
                        if draft.areas.contains(area.rawValue) { attributes.append(.attribute(named: "checked", value: "checked")) }
                        return .div(
                            .class("checkbox"), .selfClosedElement(named: "input", attributes: attributes),
                            .label(.for("area-\(area.rawValue)"), .text("\(area.displayName): \(area.summary)")))
                    }),
                .div(
                    Components.field(
                        "lifetimeDays", label: "Days it works", value: draft.lifetimeDays ?? "",
                        hint:
                            "From \(APITokenLifetime.allowedDays.lowerBound) to \(APITokenLifetime.allowedDays.upperBound) days; \(APITokenLifetime.defaultDays) unless you need otherwise. It cannot be extended: make a new token when it expires.",
                        errors: model.errors, extra: [.attribute(named: "inputmode", value: "numeric")])),
                .button(.type(.submit), .class("button"), .text("Create token"))
            )
        }

        private func fieldset<C: HTML.BodyContext>(_ name: String, legend: String, _ content: Node<C>) -> Node<C> {
            .element(
                named: "fieldset",
                nodes: [
                    .class(error(name) == nil ? "fieldset" : "fieldset form-group--error"), .id(name),
                    .element(named: "legend", nodes: [.class("legend"), .text(legend)]),
                    .unwrap(error(name)) { .p(.class("error-message"), .text("Error: \($0.message)")) },
                    content,
                ])
        }

        private var table: Node<HTML.BodyContext> {
            .div(
                .class("table-wrap"), .attribute(named: "tabindex", value: "0"), .attribute(named: "role", value: "region"),
                .attribute(named: "aria-label", value: "API tokens (scrolls sideways)"),
                .table(
                    .class("table"),
                    .thead(
                        .tr(
                            .th(.text("Name")), .th(.text("Scope")), .th(.text("Created")), .th(.text("Last used")), .th(.text("Expiry")),
                            .th(.text("Status")), .th(.text("Action")))),
                    .tbody(
                        .forEach(model.rows) { row in
                            let token = row.token
                            return .tr(
                                .td(.text(token.name)), .td(.text(token.scope?.summary ?? "Unreadable: revoke it")),
                                .td(.text(CalendarDay(token.createdAt).displayText)),
                                .td(.text(token.lastUsedAt.map { CalendarDay($0).displayText } ?? "Never")),
                                .td(.attribute(named: "data-testid", value: "api-token-expiry"), .text(token.expiry.status(at: model.now))),
                                .td(.text(status(row))),
                                .td(
                                    .if(
                                        token.revokedAt == nil,
                                        .unwrap(token.id) { id in
                                            Components.postButton(
                                                "Revoke", to: .apiTokenRevoke(id: id), csrf: chrome.csrf, style: "button--warning")
                                        })))
                        })
                )
            )
        }

        /// Revoked, expired, stopped with its maker's engagement, or active, in that order.
        private func status(_ row: Row) -> String {
            if row.token.revokedAt != nil { return "Revoked" }
            if row.token.expiry.hasExpired(at: model.now) { return "Expired" }
            if !row.makerEngaged { return "Stopped: its maker is no longer engaged here" }
            return "Active"
        }
    }
}
