import Domain
import Foundation
import Plot

extension Enrolment.Setup {
    /// The enrolment page: a QR code drawn on the server and the same secret as text.
    struct View {
        var model: Model
        var chrome: PageChrome

        var html: HTML {
            let secret = model.secret
            let errors = model.errors
            let uri = TOTP(secret: Base32.decode(secret) ?? []).provisioningURI(
                issuer: "Surgery Anywhere", account: model.email, base32Secret: secret)
            return Layout("Set up your authenticator app", chrome: chrome).render([
                .div(
                    .class("narrow"),
                    .h1(.text("Set up your authenticator app")),
                    Components.errorSummary(errors),
                    .p(
                        .text(
                            "Every sign-in needs a code from an authenticator app on your phone, in place of a hardware token. Any standard app works (for example Microsoft Authenticator or Google Authenticator)."
                        )),
                    .ol(
                        .li(.text("Open the app and choose to add an account.")),
                        .li(.text("Scan this QR code, or type in the key below.")),
                        .li(.text("Enter the 6-digit code the app shows."))
                    ),
                    .raw(QRCode.svg(for: uri, label: "QR code for your authenticator app") ?? ""),
                    .p(.text("Key: "), .code(.attribute(named: "data-testid", value: "totp-secret"), .text(grouped))),
                    .form(
                        .action(SiteURL.enrol.path), .method(.post), .novalidate(),
                        Components.csrfField(chrome.csrf),
                        .div(
                            Components.field(
                                "code", label: "Code from your authenticator app", autocomplete: "one-time-code", errors: errors,
                                extra: [.attribute(named: "inputmode", value: "numeric")])),
                        .button(.type(.submit), .class("button"), .text("Confirm"))
                    )
                )
            ])
        }

        /// The secret in groups of four letters, easier to type.
        var grouped: String {
            let secret = model.secret
            return stride(from: 0, to: secret.count, by: 4).map { offset -> String in
                let start = secret.index(secret.startIndex, offsetBy: offset)
                return String(secret[start..<(secret.index(start, offsetBy: 4, limitedBy: secret.endIndex) ?? secret.endIndex)])
            }.joined(separator: " ")
        }
    }
}

extension Enrolment.Codes {
    /// Shown once after enrolment: codes that stand in for the phone if it is lost.
    struct View {
        var model: Model
        var chrome: PageChrome

        var html: HTML {
            Layout("Your recovery codes", chrome: chrome).render([
                .div(
                    .class("narrow"),
                    .h1(.text("Your recovery codes")),
                    .p(
                        .text(
                            "Keep these somewhere safe, away from your phone. Each one works once in place of a code from the app. They will not be shown again."
                        )),
                    .ul(
                        .class("recovery-codes"), .attribute(named: "data-testid", value: "recovery-codes"),
                        .forEach(model.codes) { .li(.code(.text($0))) }),
                    .a(.class("button"), .href(SiteURL.home.path), .text("Continue"))
                )
            ])
        }
    }
}
