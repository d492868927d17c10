import Domain
import Foundation
import Plot

extension PatientReply.Verify {
    /// Asks for the date of birth before showing anything about the request.
    struct View {
        var model: Model
        var chrome: PageChrome

        var html: HTML {
            let errors = model.errors
            return Layout("Reply to your practice", chrome: chrome).render([
                .div(
                    .class("narrow"),
                    .h1(.text("Reply to your practice")),
                    .p(.text("To keep your details safe, first enter your date of birth.")),
                    Components.errorSummary(errors),
                    .form(
                        .action(SiteURL.replyVerify(token: model.token).path), .method(.post), .novalidate(),
                        Components.csrfField(chrome.csrf),
                        .div(DateOfBirthField.node(errors: errors)),
                        .button(.type(.submit), .class("button"), .text("Continue"))
                    )
                )
            ])
        }
    }
}

extension PatientReply.Form {
    /// The reply itself, with photos.
    struct View {
        var model: Model
        var chrome: PageChrome

        var html: HTML {
            let errors = model.errors
            return Layout("Your reply", chrome: chrome).render([
                .div(
                    .class("narrow"),
                    .h1(.text("Your reply")),
                    .unwrap(model.question) { question in
                        .div(
                            .class("inset-text"), .attribute(named: "data-testid", value: "practice-question"),
                            .h2(.text("The practice asked")), .p(.text(question)))
                    },
                    Components.errorSummary(errors),
                    .form(
                        .action(SiteURL.replySend(token: model.token).path), .method(.post), .enctype(.multipartData), .novalidate(),
                        Components.csrfField(chrome.csrf),
                        .div(
                            Components.textArea("reply", label: "Your reply to the practice", hint: "Answer the practice's questions in your own words.", errors: errors),
                            PhotoField.node(errors: errors)
                        ),
                        .button(.type(.submit), .class("button"), .text("Send reply"))
                    )
                )
            ])
        }
    }
}

extension PatientReply.Sent {
    /// After a reply.
    struct View {
        var chrome: PageChrome

        var html: HTML {
            Layout("Reply sent", chrome: chrome).render([
                .div(.class("narrow"), .div(.class("confirmation"), .attribute(named: "role", value: "status"), .h1(.text("Reply sent"))),
                     .p(.text("The practice has your reply and will be in touch.")),
                     .p(.text("If you need help before then, call NHS 111. In an emergency, call 999.")))
            ])
        }
    }
}
