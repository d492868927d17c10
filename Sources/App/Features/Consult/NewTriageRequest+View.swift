import Domain
import Foundation
import Plot

extension NewTriageRequest.Screen {
    /// First page for a patient: who the request is for, before the questions that must come before anything else.
    struct View {
        var model: Model
        var chrome: PageChrome

        /// Who a request may be for, as the first question puts it.
        static let subjects: [(RequestSubject, String)] = [(.me, "Me"), (.child, "My child (under 16)"), (.caredFor, "Someone I care for")]

        var html: HTML {
            let practice = model.practice
            // closed but taking requests: say so at once; closed and taking none: said after the questions
            var closedMessage: String?
            if case .closed(let reason) = model.state, model.acceptsWhenClosed { closedMessage = reason.messageWhileTakingRequests }
            return Layout("Contact \(practice.name)", chrome: chrome).render([
                .div(
                    .class("narrow"),
                    .h1(.text("Contact \(practice.name) online")),
                    .unwrap(closedMessage) { message in
                        .div(.class("notice notice--warning"), .attribute(named: "role", value: "status"), .p(.text(message)))
                    },
                    .unwrap(model.nhsLogin) { Self.nhsLogin($0) },
                    .p(.text("First, a few questions to check it is safe to wait for a reply. They take about a minute.")),
                    Components.errorSummary(model.errors),
                    .form(
                        .action(SiteURL.requestScreen(ods: practice.odsCode).path), .method(.post), .novalidate(),
                        Components.csrfField(chrome.csrf),
                        .element(named: "fieldset", nodes: [
                            .class(model.errors.isEmpty ? "fieldset" : "fieldset form-group--error"), .id("subject"),
                            .element(named: "legend", nodes: [.class("legend"), .text("Who is this request for?")]),
                            .unwrap(model.errors.first) { .p(.class("error-message"), .text("Error: \($0.message)")) },
                            .div(.class("radios"),
                                 .forEach(Self.subjects) { subject, label in
                                     Components.choice(
                                         .radio, name: "subject", value: subject.rawValue, label: label, id: "subject-\(subject.rawValue)",
                                         checked: model.subject == subject)
                                 }),
                        ]),
                        .button(.type(.submit), .class("button"), .text("Continue"))
                    )
                )
            ])
        }
    }
}

extension NewTriageRequest.Screen.View {
    /// NHS login on the first page: an offer, or what the patient's sign-in vouched for.
    static func nhsLogin(_ offer: NewTriageRequest.Screen.NHSLoginOffer) -> Node<HTML.BodyContext> {
        guard let signedIn = offer.signedIn else {
            return .div(
                .class("notice"),
                .p(.text("Have the NHS App or an NHS login? Sign in and we fill in your name, date of birth and NHS number for you. You can also carry on without it.")),
                .a(.class("button button--secondary"), .href(Components.attributeSafe(offer.start)), .text("Sign in with NHS login")))
        }
        if signedIn.level.verifiesIdentity {
            let name = [signedIn.givenName, signedIn.familyName].compactMap { $0 }.joined(separator: " ")
            return .div(
                .class("notice"), .attribute(named: "role", value: "status"), .attribute(named: "data-testid", value: "nhs-login"),
                .p(.text("You are signed in with NHS login as \(name). A request about yourself will carry the details NHS login holds for you.")))
        }
        return .div(
            .class("notice"), .attribute(named: "role", value: "status"), .attribute(named: "data-testid", value: "nhs-login"),
            .p(.text("You are signed in with NHS login, but it has not checked your identity fully (\(signedIn.level.name)). You can still send a request: fill in your details, and the practice will check who you are.")))
    }
}

extension NewTriageRequest.Questions {
    /// One screen of red-flag questions: tick any that apply, or "None of these".
    struct View {
        var model: Model
        var chrome: PageChrome

        var html: HTML {
            let practice = model.practice
            let progress = model.progress
            let error = model.errors.first
            return Layout("\(model.screen.title): safety questions", chrome: chrome).render([
                .div(
                    .class("narrow"),
                    .p(.class("hint"), .text("Safety questions, \(progress.step + 1) of \(model.count)")),
                    .h1(.text(model.screen.title)),
                    Components.errorSummary(model.errors),
                    .form(
                        .action(SiteURL.requestScreen(ods: practice.odsCode).path), .method(.post), .novalidate(),
                        Components.csrfField(chrome.csrf),
                        Components.hiddenField("subject", progress.subject.rawValue), Components.hiddenField("step", "\(progress.step)"),
                        Components.hiddenField("answered", progress.answered.map(\.rawValue).joined(separator: ",")),
                        Components.hiddenField("version", progress.version), Components.hiddenField("progress", progress.token),
                        .element(named: "fieldset", nodes: [
                            .class(error == nil ? "fieldset" : "fieldset form-group--error"), .id("flags"),
                            .element(named: "legend", nodes: [.class("legend"), .text(model.leadIn)]),
                            .p(.class("hint"), .text("Tick all that apply.")),
                            .unwrap(error) { .p(.class("error-message"), .text("Error: \($0.message)")) },
                            .div(.class("checkboxes"),
                                 .forEach(model.screen.questions) { question in
                                     Components.choice(
                                         .checkbox, name: "flags[]", value: question.flag.rawValue, label: question.text,
                                         id: "flag-\(question.flag.rawValue)", checked: model.ticked.contains(question.flag))
                                 },
                                 .p(.class("or"), .text("or")),
                                 Components.choice(.checkbox, name: "none", value: "yes", label: "None of these", id: "none", checked: false)),
                        ]),
                        .button(.type(.submit), .class("button"), .text("Continue"))
                    )
                )
            ])
        }
    }
}

extension NewTriageRequest.Advice {
    /// Shown at once when an answer needs 999, or at the end when one needs a reply today: the advice first, plainly.
    struct View {
        var model: Model
        var chrome: PageChrome

        var html: HTML {
            let practice = model.practice
            let advice = model.advice
            return Layout(advice.headline, chrome: chrome).render([
                .div(
                    .class("narrow"),
                    .div(
                        .class(advice.isEmergency ? "urgent-advice" : "urgent-advice urgent-advice--today"), .attribute(named: "role", value: "alert"),
                        .attribute(named: "data-testid", value: "urgent-advice"),
                        .h1(.text(advice.headline)),
                        .p(.class("lead"), .text(advice.detail)),
                        .p(.text("You told us about: \(model.flags.map(\.shortName).joined(separator: ", ")).")),
                        .if(advice.isEmergency, .p(.a(.class("button button--warning"), .href("tel:999"), .text("Call 999")))),
                        .p(.a(.href("tel:111"), .text("Call NHS 111")))
                    ),
                    .unwrap(model.proceed) { screened in
                        .group(
                            .h2(.text(advice.isEmergency ? "Still want to send your request?" : "Send your request")),
                            .p(.text(advice.isEmergency
                                ? "The practice will see what you told us, so you do not need to leave anything out. Sending a request does not replace calling 999 or 111."
                                : "The practice will see what you told us and will reply today.")),
                            .form(
                                .action(SiteURL.requestContinue(ods: practice.odsCode).path), .method(.post),
                                Components.csrfField(chrome.csrf),
                                Components.hiddenField("subject", screened.subject.rawValue),
                                Components.hiddenField("redFlags", screened.flags.map(\.rawValue).joined(separator: ",")),
                                Components.hiddenField("screenVersion", screened.version), Components.hiddenField("submission", screened.submission),
                                Components.hiddenField("screenProof", screened.proof),
                                .button(.type(.submit), .class("button button--secondary"),
                                        .text(advice.isEmergency ? "I understand, send a request to \(practice.name)" : "Continue to the request"))
                            )
                        )
                    },
                    .if(model.proceed == nil, .p(.text("The practice is not taking online requests just now. Use the advice above; do not wait for it to open.")))
                )
            ])
        }
    }
}

extension NewTriageRequest.Closed {
    /// After a clear screen, when the practice is closed and takes no requests now.
    struct View {
        var model: Model
        var chrome: PageChrome

        var html: HTML {
            Layout("\(model.practice.name) is closed", chrome: chrome).render([
                .div(
                    .class("narrow"),
                    .h1(.text("\(model.practice.name) is not taking online requests just now")),
                    .div(.class("notice notice--warning"), .attribute(named: "role", value: "status"), .p(.text(model.reason.message)))
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
