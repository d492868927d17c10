import Domain
import Foundation
import Plot

extension MobileNumberCheck {
    /// Asks for the code texted to the patient's mobile number: two plain forms (the code, a new code) and a way on
    /// without it; no script, so it works on an old phone.
    struct View {
        var model: Model
        var chrome: PageChrome

        var html: HTML {
            let ods = model.practice.odsCode
            let key = Components.attributeSafe(model.key)
            return Layout("Check your mobile number", chrome: chrome).render([
                .div(
                    .class("narrow"),
                    .div(
                        .class("confirmation"), .attribute(named: "role", value: "status"),
                        .p(.text("Your request has been sent. Your reference is")),
                        .p(.class("reference"), .attribute(named: "data-testid", value: "reference"), .text(model.reference))
                    ),
                    .h1(.text("Check your mobile number")),
                    .p(.text("We have texted a 6-digit code to your mobile number ending in \(model.mobileEnding). Enter it here, so that the practice can send you messages and links by text.")),
                    .unwrap(model.notice) { .p(.class("notice"), .attribute(named: "data-testid", value: "code-notice"), .text($0)) },
                    Components.errorSummary(model.errors),
                    .form(
                        .action(SiteURL.requestMobile(ods: ods, reference: model.reference).path), .method(.post), .novalidate(),
                        Components.csrfField(chrome.csrf),
                        .input(.type(.hidden), .name("k"), .value(key)),
                        Components.field(
                            "code", label: "Code from the text message", hint: "6 digits, like 042917. It works for 10 minutes.",
                            autocomplete: "one-time-code", errors: model.errors,
                            extra: [.attribute(named: "inputmode", value: "numeric")]),
                        .button(.type(.submit), .class("button"), .text("Confirm my number"))
                    ),
                    .if(
                        model.canSendAnother,
                        .form(
                            .action(SiteURL.requestMobileCode(ods: ods, reference: model.reference).path), .method(.post),
                            Components.csrfField(chrome.csrf),
                            .input(.type(.hidden), .name("k"), .value(key)),
                            .button(.type(.submit), .class("button button--secondary"), .text("Send a new code"))
                        )
                    ),
                    .p(
                        .a(
                            .href(SiteURL.requestSent(ods: ods, reference: model.reference).path + "?k=\(key)"),
                            .text("Carry on without the code")),
                        .text(": the practice has your request and will contact you another way, or call to check your number.")
                    )
                )
            ])
        }
    }
}
