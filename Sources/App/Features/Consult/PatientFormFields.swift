import Domain
import Foundation
import Plot

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
            .div(.id("photos-hint"), .class("hint"), .text("Up to \(TriageRequestIntake.maximumPhotos) photos, 8 MB each, if a picture would help. We remove location details from them.")),
            .unwrap(error) { .p(.class("error-message"), .text("Error: \($0.message)")) },
            .selfClosedElement(named: "input", attributes: [
                Attribute<HTML.InputContext>.type(.file), .id("photos"), .name("photos[]"), .attribute(named: "multiple", value: "multiple"),
                .attribute(named: "accept", value: "image/*"), .attribute(named: "aria-describedby", value: "photos-hint"),
            ])
        )
    }
}
