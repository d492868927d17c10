import Domain
import Foundation
import Plot

extension Home {
    /// The home page.
    struct View {
        var model: Model
        var chrome: PageChrome

        var html: HTML {
            Layout("Home", section: .home, chrome: chrome).render([
                .h1(.text("Home")),
                .p(.class("lead"), .text("Hello, \(model.name).")),
                .h2(.text("Where you work today")),
                .div(
                    .class("table-wrap"), .attribute(named: "tabindex", value: "0"), .attribute(named: "role", value: "region"),
                    .attribute(named: "aria-label", value: "Your engagements (scrolls sideways)"),
                    .table(
                        .class("table"),
                        .caption(.text("Your active engagements")),
                        .thead(.tr(.th(.text("Organisation")), .th(.text("Role")), .th(.text("Kind")), .th(.text("Until")))),
                        .tbody(
                            .forEach(model.engagements) { item in
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
                    .li(
                        .a(.href(SiteURL.consult.path), .text("Remote assessment")),
                        .text(": online requests, triage, messages and video consultations.")),
                    .li(.a(.href(SiteURL.desktops.path), .text("Virtual login")), .text(": open a desktop from any device.")),
                    .li(
                        .a(.href(SiteURL.estate.path), .text("Digital estate")),
                        .text(": kit, credentials and remote-working readiness."))
                ),
                .h2(.text("Your account")),
                signInSection,
                Components.postButton("Sign out on every device", to: .logoutEverywhere, csrf: chrome.csrf, style: "button--secondary"),
            ])
        }

        /// How the person signed in, at what level, and linking their NHS Care Identity.
        private var signInSection: Node<HTML.BodyContext> {
            let signIn = model.signIn
            let level = signIn.level.map { level in
                " at assurance level \(level.words)" + (signIn.requested.map { "; \($0.name) or higher was asked for" } ?? "")
            } ?? ""
            return .group(
                .p(.text("You signed in with your \(signIn.method)\(level).")),
                .if(signIn.offersCIS2 && signIn.cis2Linked, .p(.text("Your NHS Care Identity is linked: you can sign in with it."))),
                .if(
                    signIn.offersCIS2 && !signIn.cis2Linked,
                    Components.postButton("Link your NHS Care Identity", to: .cis2Link, csrf: chrome.csrf, style: "button--secondary"))
            )
        }
    }
}
