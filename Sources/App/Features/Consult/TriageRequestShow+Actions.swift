import Domain
import Foundation
import Plot

extension TriageRequestShow {
    /// The action forms under a request, each a plain POST that works without JavaScript.
    struct ActionForms {
        var model: Model
        var id: UUID
        var csrf: String

        private func form(_ action: TriageAction, _ title: String, _ button: String, _ fields: Node<HTML.FormContext>...) -> Node<HTML.BodyContext> {
            .section(.class("action"), .h3(.text(title)),
                     .form(.action(action.url(id).path), .method(.post), .novalidate(), Components.csrfField(csrf), .group(fields),
                           .button(.type(.submit), .class("button button--secondary"), .text(button))))
        }

        var node: Node<HTML.BodyContext> {
            let request = model.request
            let errors = model.errors
            return .div(
                .class("actions"),
                .h2(.text("Actions")),
                .if(request.assigneeID == nil, .form(.action(TriageAction.claim.url(id).path), .method(.post), Components.csrfField(csrf),
                                                   .button(.type(.submit), .class("button"), .text("Claim")))),
                form(.assign, "Assign", "Assign", Components.select("assignee", label: "Assign to", options: model.colleagues.compactMap { p in p.id.map { ($0.uuidString, p.name) } }, selected: request.assigneeID?.uuidString, errors: errors)),
                form(.update, "Urgency and status", "Save",
                     Components.select("urgency", label: "Urgency", options: Urgency.allCases.map { ($0.rawValue, $0.displayName) }, selected: request.urgency.rawValue, errors: errors),
                     Components.select("status", label: "Status", options: [(request.status.rawValue, request.status.displayName)] + request.status.nextStatuses.filter { $0 != .closed }.map { ($0.rawValue, $0.displayName) }, selected: request.status.rawValue, errors: errors),
                     Components.select("bookingMode", label: "If booked, how", options: [("", "Not booked")] + BookingMode.allCases.map { ($0.rawValue, $0.displayName) }, selected: request.bookingMode?.rawValue, errors: errors)),
                form(.message, "Message the patient", "Send message",
                     Components.select("template", label: "Template", options: [("", "No template: write below")] + model.templates.compactMap { t in t.id.map { ($0.uuidString, t.name) } }, selected: nil, errors: errors),
                     Components.select("channel", label: "Send by", options: [("sms", "Text message"), ("email", "Email")], selected: request.contactPreference == .email ? "email" : "sms", errors: errors),
                     Components.textArea("body", label: "Message (leave empty to use the template)", hint: "Placeholders: ((name)), ((practice)), ((reference)), ((reply_link))", errors: errors),
                     .p(.class("notice notice--warning"), .attribute(named: "data-testid", value: "lock-screen-warning"),
                        .text("What you type here may appear on the patient's phone while it is locked, where others can read it. Leave out clinical details: ask the patient to reply through the link, or call them."))),
                form(.note, "Internal note", "Add note", Components.textArea("note", label: "Note (staff only)", errors: errors)),
                .if(!model.routes.isEmpty, form(.route, "Route", "Route", Components.select("organisation", label: "Send to", options: model.routes.map { ($0.odsCode, $0.name) }, selected: nil, errors: errors))),
                form(.close, "Close with an outcome", "Close request",
                     Components.select("outcome", label: "Outcome", options: [("", "Choose an outcome")] + Outcome.allCases.map { ($0.rawValue, $0.displayName) }, selected: nil, errors: errors),
                     Components.textArea("outcomeNote", label: "Outcome note (goes into the summary)", errors: errors))
            )
        }
    }
}
