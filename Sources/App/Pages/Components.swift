import Foundation
import Plot

/// Small pieces of markup used on many pages: form fields with their errors, buttons, panels.
enum Components {
    /// Escapes text for an attribute value: Plot writes attribute values as given.
    static func attributeSafe(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    /// The hidden CSRF field every form carries.
    static func csrfField<C: HTML.BodyContext>(_ token: String) -> Node<C> {
        .input(.type(.hidden), .name("csrf"), .value(token))
    }

    /// A hidden field carrying `value` as it is.
    static func hiddenField<C: HTML.BodyContext>(_ name: String, _ value: String) -> Node<C> {
        .input(.type(.hidden), .name(name), .value(attributeSafe(value)))
    }

    /// One radio button or checkbox with its label after it (`class` "radio" or "checkbox"), ticked when `checked`.
    static func choice<C: HTML.BodyContext>(
        _ type: HTMLInputType, name: String, value: String, label: String, id: String, checked: Bool
    ) -> Node<C> {
        var attributes: [Attribute<HTML.InputContext>] = [.type(type), .id(id), .name(name), .value(value)]
        if checked { attributes.append(.attribute(named: "checked", value: "checked")) }
        return .div(
            .class(type == .radio ? "radio" : "checkbox"), .selfClosedElement(named: "input", attributes: attributes),
            .label(.for(id), .text(label)))
    }

    /// A form with a single button, for actions such as "Sign out".
    static func postButton<C: HTML.BodyContext>(_ label: String, to url: SiteURL, csrf: String, style: String = "button") -> Node<C> {
        .form(
            .class("inline-form"), .action(url.path), .method(.post),
            csrfField(csrf),
            .button(.type(.submit), .class("button \(style)"), .text(label))
        )
    }

    /// An error summary at the top of a form, announced to screen readers.
    static func errorSummary<C: HTML.BodyContext>(_ errors: [FormError]) -> Node<C> {
        .if(
            !errors.isEmpty,
            .div(
                .class("error-summary"), .attribute(named: "role", value: "alert"),
                .attribute(named: "tabindex", value: "-1"),
                .h2(.class("error-summary__title"), .text("There is a problem")),
                .ul(.forEach(errors) { error in .li(.a(.href("#\(error.field)"), .text(error.message))) })
            )
        )
    }

    /// A labelled input with optional hint and error, linked by aria-describedby.
    static func field<C: HTML.BodyContext>(
        _ name: String, label: String, value: String = "", type: HTMLInputType = .text, hint: String? = nil,
        autocomplete: String? = nil, errors: [FormError] = [], extra: [Attribute<HTML.InputContext>] = []
    ) -> Node<C> {
        let error = errors.first { $0.field == name }
        let describedBy = [hint.map { _ in "\(name)-hint" }, error.map { _ in "\(name)-error" }].compactMap { $0 }
        var attributes: [Attribute<HTML.InputContext>] = [
            .type(type), .id(name), .name(name), .value(attributeSafe(value)), .class(error == nil ? "input" : "input input--error"),
        ]
        if let autocomplete { attributes.append(.attribute(named: "autocomplete", value: autocomplete)) }
        if !describedBy.isEmpty { attributes.append(.attribute(named: "aria-describedby", value: describedBy.joined(separator: " "))) }
        if error != nil { attributes.append(.attribute(named: "aria-invalid", value: "true")) }
        attributes += extra
        return .div(
            .class(error == nil ? "form-group" : "form-group form-group--error"),
            .label(.class("label"), .for(name), .text(label)),
            .unwrap(hint) { .div(.id("\(name)-hint"), .class("hint"), .text($0)) },
            .unwrap(error) { .p(.id("\(name)-error"), .class("error-message"), .text("Error: \($0.message)")) },
            .selfClosedElement(named: "input", attributes: attributes)
        )
    }

    /// A labelled select of `(value, text)` options.
    static func select<C: HTML.BodyContext>(
        _ name: String, label: String, options: [(String, String)], selected: String?, errors: [FormError] = []
    ) -> Node<C> {
        let error = errors.first { $0.field == name }
        return .div(
            .class(error == nil ? "form-group" : "form-group form-group--error"),
            .label(.class("label"), .for(name), .text(label)),
            .unwrap(error) { .p(.id("\(name)-error"), .class("error-message"), .text("Error: \($0.message)")) },
            .select(
                .id(name), .attribute(named: "name", value: name), .class("select"),
                .forEach(options) { option in Components.option(value: option.0, text: option.1, selected: option.0 == selected) }
            )
        )
    }

    /// An `<option>` with visible text (Plot's own option element takes attributes only).
    static func option(value: String, text: String, selected: Bool) -> Node<HTML.SelectContext> {
        .element(
            named: "option",
            nodes: [.attribute(named: "value", value: attributeSafe(value), ignoreIfValueIsEmpty: false), selected ? .attribute(named: "selected", value: "selected") : .empty, .text(text)])
    }

    /// A labelled text area with optional hint and error.
    static func textArea<C: HTML.BodyContext>(_ name: String, label: String, value: String = "", hint: String? = nil, errors: [FormError] = []) -> Node<C> {
        let error = errors.first { $0.field == name }
        return .div(
            .class(error == nil ? "form-group" : "form-group form-group--error"),
            .label(.class("label"), .for(name), .text(label)),
            .unwrap(hint) { .div(.id("\(name)-hint"), .class("hint"), .text($0)) },
            .unwrap(error) { .p(.id("\(name)-error"), .class("error-message"), .text("Error: \($0.message)")) },
            .element(named: "textarea", nodes: [
                .id(name), .attribute(named: "name", value: name), .class("textarea"), .attribute(named: "rows", value: "4"),
                .attribute(named: "aria-describedby", value: hint == nil ? "" : "\(name)-hint"), .text(value),
            ])
        )
    }

    /// A key-value list for a record's details.
    static func summaryList<C: HTML.BodyContext>(_ rows: [(String, String)]) -> Node<C> {
        .dl(.class("summary-list"), .forEach(rows) { row in .group(.dt(.text(row.0)), .dd(.text(row.1))) })
    }
}

/// A message about one field of a form.
struct FormError: Sendable, Equatable {
    var field: String
    var message: String
}
