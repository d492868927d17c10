import Domain
import Foundation
import Plot

extension NewTriageRequest.Screen {
    /// First page for a patient: the questions that must come before anything else.
    struct View {
        var model: Model
        var chrome: PageChrome

        var html: HTML {
            let practice = model.practice
            var closedMessage: String?
            if case .closed(let reason) = model.state {
                closedMessage = model.acceptsWhenClosed ? reason.messageWhileTakingRequests : reason.message
            }
            let formOpen = closedMessage == nil || model.acceptsWhenClosed
            return Layout("Contact \(practice.name)", chrome: chrome).render([
                .div(
                    .class("narrow"),
                    .h1(.text("Contact \(practice.name) online")),
                    .unwrap(closedMessage) { message in
                        .div(.class("notice notice--warning"), .attribute(named: "role", value: "status"), .p(.text(message)))
                    },
                    .if(formOpen, .group(
                        .p(.text("First, a few questions to check it is safe to wait for a reply.")),
                        Components.errorSummary(model.errors),
                        .form(
                            .action(SiteURL.requestScreen(ods: practice.odsCode).path), .method(.post), .novalidate(),
                            Components.csrfField(chrome.csrf),
                            .div(.forEach(RedFlag.allCases) { flag in question(flag) }),
                            .button(.type(.submit), .class("button"), .text("Continue"))
                        )
                    ))
                )
            ])
        }

        private func question<C: HTML.BodyContext>(_ flag: RedFlag) -> Node<C> {
            let name = "flag_\(flag.rawValue)"
            let error = model.errors.first { $0.field == name }
            return .element(named: "fieldset", nodes: [
                .class(error == nil ? "fieldset" : "fieldset form-group--error"), .id(name),
                .element(named: "legend", nodes: [.class("legend"), .text("Do you have: \(flag.question)?")]),
                .unwrap(error) { .p(.class("error-message"), .text("Error: \($0.message)")) },
                .div(.class("radios"),
                     radio(name, "yes", "Yes", checked: model.answers[flag] == true),
                     radio(name, "no", "No", checked: model.answers[flag] == false)),
            ])
        }

        private func radio<C: HTML.BodyContext>(_ name: String, _ value: String, _ label: String, checked: Bool) -> Node<C> {
            let id = "\(name)-\(value)"
            var attributes: [Attribute<HTML.InputContext>] = [.type(.radio), .id(id), .name(name), .value(value)]
            if checked { attributes.append(.attribute(named: "checked", value: "checked")) }
            return .div(.class("radio"), .selfClosedElement(named: "input", attributes: attributes), .label(.for(id), .text(label)))
        }
    }
}

extension NewTriageRequest.Advice {
    /// Shown at once when any red-flag answer is yes: the advice comes first, plainly.
    struct View {
        var model: Model
        var chrome: PageChrome

        var html: HTML {
            let practice = model.practice
            let flags = model.flags
            let advice = model.advice
            return Layout(advice.headline, chrome: chrome).render([
                .div(
                    .class("narrow"),
                    .div(
                        .class("urgent-advice"), .attribute(named: "role", value: "alert"), .attribute(named: "data-testid", value: "urgent-advice"),
                        .h1(.text(advice.headline)),
                        .p(.class("lead"), .text(advice.detail)),
                        .p(.text("You said you have: \(flags.map(\.shortName).joined(separator: ", ")).")),
                        .p(.a(.class("button button--warning"), .href("tel:999"), .text("Call 999"))),
                        .p(.a(.href("tel:111"), .text("Call NHS 111")))
                    ),
                    .h2(.text("Still want to send your request?")),
                    .p(.text("The practice will see that you answered yes to these questions, so you do not need to leave them out. Sending a request does not replace calling 999 or 111.")),
                    .form(
                        .action(SiteURL.requestContinue(ods: practice.odsCode).path), .method(.post),
                        Components.csrfField(chrome.csrf),
                        .input(.type(.hidden), .name("redFlags"), .value(flags.map(\.rawValue).joined(separator: ","))),
                        .button(.type(.submit), .class("button button--secondary"), .text("I understand, send a request to \(practice.name)"))
                    )
                )
            ])
        }
    }
}

extension NewTriageRequest.Sent {
    /// The confirmation: a reference and an honest reply time.
    struct View {
        var model: Model
        var chrome: PageChrome

        var html: HTML {
            let request = model.request
            return Layout("Request sent", chrome: chrome).render([
                .div(
                    .class("narrow"),
                    .div(
                        .class("confirmation"), .attribute(named: "role", value: "status"),
                        .h1(.text("Request sent")),
                        .p(.text("Your reference is")),
                        .p(.class("reference"), .attribute(named: "data-testid", value: "reference"), .text(request.reference))
                    ),
                    .p(.attribute(named: "data-testid", value: "reply-promise"), .text(model.promise)),
                    .if(request.receivedWhileClosed, .p(.text("The practice is closed just now, so your request will be read when it opens."))),
                    .if(request.redFlagged, .p(.strong(.text("If your symptoms get worse, call 999 now. Do not wait for the practice to reply.")))),
                    .p(.text("If you need help before then, call NHS 111 or go to 111.nhs.uk. In an emergency, call 999.")),
                    .p(.text("You do not need to send this request again."))
                )
            ])
        }
    }
}
