import Foundation
import Plot

extension Login.Password {
    /// The email and password page.
    struct View {
        var model: Model
        var chrome: PageChrome

        var html: HTML {
            let errors = model.errors
            return Layout("Sign in", chrome: chrome).render([
                .div(
                    .class("narrow"),
                    .h1(.text("Sign in")),
                    .if(
                        model.signedOut && errors.isEmpty,
                        .div(.class("notice"), .attribute(named: "role", value: "status"), .text("You have signed out."))),
                    Components.errorSummary(errors),
                    .form(
                        .action(Components.attributeSafe(SiteURL.login.path + (model.next.map { "?next=\($0)" } ?? ""))), .method(.post),
                        .novalidate(),
                        Components.csrfField(chrome.csrf),
                        .div(
                            Components.field(
                                "email", label: "Email address", value: model.email, type: .email, autocomplete: "username", errors: errors),
                            Components.field(
                                "password", label: "Password", type: .password, autocomplete: "current-password", errors: errors)
                        ),
                        .button(.type(.submit), .class("button"), .text("Sign in"))
                    ),
                    .if(
                        model.offersCIS2,
                        .div(
                            .class("alternative-sign-in"),
                            .h2(.text("Or use your NHS Care Identity")),
                            .p(.text("Your smartcard, Windows Hello or security key, once it is linked to your account here.")),
                            .a(
                                .class("button button--secondary"),
                                .href(Components.attributeSafe(SiteURL.cis2Start.path + (model.next.map { "?next=\($0)" } ?? ""))),
                                .text("Sign in with NHS Care Identity")))),
                    .p(
                        .class("hint"),
                        .text(
                            "New here? Use the invitation link your practice manager sent you. Lost your authenticator app? Sign in and use one of your recovery codes."
                        ))
                )
            ])
        }
    }
}

extension Login.SecondFactor {
    /// The page asking for a code from the authenticator app.
    struct View {
        var model: Model
        var chrome: PageChrome

        var html: HTML {
            let errors = model.errors
            return Layout("Enter your code", chrome: chrome).render([
                .div(
                    .class("narrow"),
                    .h1(.text("Enter your code")),
                    Components.errorSummary(errors),
                    .form(
                        .action(Components.attributeSafe(SiteURL.secondFactor.path + (model.next.map { "?next=\($0)" } ?? ""))),
                        .method(.post), .novalidate(),
                        Components.csrfField(chrome.csrf),
                        .div(
                            Components.field(
                                "code", label: "Code from your authenticator app",
                                hint:
                                    "Open the authenticator app on your phone and enter the 6-digit code it shows for Surgery Anywhere. If you have lost the app, enter one of your recovery codes.",
                                autocomplete: "one-time-code", errors: errors,
                                extra: [.attribute(named: "inputmode", value: "text"), .attribute(named: "spellcheck", value: "false")])
                        ),
                        .button(.type(.submit), .class("button"), .text("Continue"))
                    )
                )
            ])
        }
    }
}
