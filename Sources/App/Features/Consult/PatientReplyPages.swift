import Domain
import Foundation
import Plot
import Vapor

/// Asks for the date of birth before showing anything about the request.
struct ReplyVerifyPage {
    var token: String
    var errors: [FormError]

    func render(_ req: Request) -> HTML {
        Layout("Reply to your practice", request: req).render([
            .div(
                .class("narrow"),
                .h1(.text("Reply to your practice")),
                .p(.text("To keep your details safe, first enter your date of birth.")),
                Components.errorSummary(errors),
                .form(
                    .action(SiteURL.replyVerify(token: token).path), .method(.post), .novalidate(),
                    Components.csrfField(req.csrfToken),
                    .div(DateOfBirthField.node(errors: errors)),
                    .button(.type(.submit), .class("button"), .text("Continue"))
                )
            )
        ])
    }
}

/// The reply itself, with photos.
struct ReplyFormPage {
    var token: String
    var errors: [FormError]

    func render(_ req: Request) -> HTML {
        Layout("Your reply", request: req).render([
            .div(
                .class("narrow"),
                .h1(.text("Your reply")),
                Components.errorSummary(errors),
                .form(
                    .action(SiteURL.replySend(token: token).path), .method(.post), .enctype(.multipartData), .novalidate(),
                    Components.csrfField(req.csrfToken),
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

/// After a reply.
struct ReplySentPage {
    func render(_ req: Request) -> HTML {
        Layout("Reply sent", request: req).render([
            .div(.class("narrow"), .div(.class("confirmation"), .attribute(named: "role", value: "status"), .h1(.text("Reply sent"))),
                 .p(.text("The practice has your reply and will be in touch.")),
                 .p(.text("If you need help before then, call NHS 111. In an emergency, call 999.")))
        ])
    }
}

/// Day, month and year boxes for a date of birth.
enum DateOfBirthField {
    static func node<C: HTML.BodyContext>(errors: [FormError], day: String? = nil, month: String? = nil, year: String? = nil) -> Node<C> {
        let error = errors.first { $0.field == "dobDay" }
        func part(_ name: String, _ label: String, _ value: String?, width: String) -> Node<C> {
            .div(.class("date-part"),
                 .label(.class("label"), .for(name), .text(label)),
                 .selfClosedElement(named: "input", attributes: [
                    Attribute<HTML.InputContext>.type(.text), .id(name), .name(name), .value(Components.attributeSafe(value ?? "")),
                    .class("input input--\(width)"), .attribute(named: "inputmode", value: "numeric"),
                 ]))
        }
        return .element(named: "fieldset", nodes: [
            .class(error == nil ? "fieldset" : "fieldset form-group--error"), .id("dateOfBirth"),
            .element(named: "legend", nodes: [.class("legend"), .text("Date of birth")]),
            .div(.class("hint"), .text("For example, 27 3 1984")),
            .unwrap(error) { .p(.class("error-message"), .text("Error: \($0.message)")) },
            .div(.class("date-input"), part("dobDay", "Day", day, width: "2"), part("dobMonth", "Month", month, width: "2"), part("dobYear", "Year", year, width: "4")),
        ])
    }
}

/// The photo upload field: images only, checked by content on the server.
enum PhotoField {
    static func node<C: HTML.BodyContext>(errors: [FormError]) -> Node<C> {
        let error = errors.first { $0.field == "photos" }
        return .div(
            .class(error == nil ? "form-group" : "form-group form-group--error"),
            .label(.class("label"), .for("photos"), .text("Photos (optional)")),
            .div(.id("photos-hint"), .class("hint"), .text("Up to \(RequestIntake.maximumPhotos) photos, 8 MB each, if a picture would help. We remove location details from them.")),
            .unwrap(error) { .p(.class("error-message"), .text("Error: \($0.message)")) },
            .selfClosedElement(named: "input", attributes: [
                Attribute<HTML.InputContext>.type(.file), .id("photos"), .name("photos[]"), .attribute(named: "multiple", value: "multiple"),
                .attribute(named: "accept", value: "image/*"), .attribute(named: "aria-describedby", value: "photos-hint"),
            ])
        )
    }
}
