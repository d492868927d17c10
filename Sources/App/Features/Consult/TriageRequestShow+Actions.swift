import Domain
import Foundation
import Plot

extension TriageRequestShow {
    /// The action forms beside a request, each a plain POST that works without JavaScript: Claim first, then messaging
    /// the patient and closing open, the rest behind a disclosure (opened when one of its fields has an error).
    struct ActionForms {
        var model: Model
        var id: UUID
        var csrf: String

        /// The fields each action's form holds, to open the disclosure whose field has an error.
        private static let fieldsOf: [TriageAction: Set<String>] = [
            .assign: ["assignee"], .update: ["urgency", "status", "bookingMode"], .message: ["template", "channel", "body"],
            .note: ["note"], .route: ["organisation"], .close: ["outcome", "outcomeNote"],
        ]

        private func form(
            _ action: TriageAction, _ title: String, _ button: String, open: Bool = false, _ fields: Node<HTML.FormContext>...
        ) -> Node<HTML.BodyContext> {
            let hasError = model.errors.contains { Self.fieldsOf[action]?.contains($0.field) == true }
            let body: Node<HTML.BodyContext> = .form(
                .action(action.url(id).path), .method(.post), .novalidate(), Components.csrfField(csrf), .group(fields),
                .button(.type(.submit), .class("button button--secondary"), .text(button)))
            return .element(named: "details", nodes: [
                .class("action"), open || hasError ? .attribute(named: "open", value: "open") : .empty,
                .element(named: "summary", nodes: [.class("action__title"), .text(title)]), body,
            ])
        }

        var node: Node<HTML.BodyContext> {
            let request = model.request
            let errors = model.errors
            return .div(
                .class("actions"), .attribute(named: "aria-labelledby", value: "actions-title"),
                .h2(.id("actions-title"), .class("visually-hidden"), .text("Actions")),
                .if(request.assigneeID == nil, .form(.action(TriageAction.claim.url(id).path), .method(.post), Components.csrfField(csrf),
                                                   .button(.type(.submit), .class("button"), .text("Claim")))),
                form(.message, "Message the patient", "Send message", open: true,
                     .div(.class("action-pair"),
                          Components.select("template", label: "Template", options: [("", "No template: write below")] + model.templates.compactMap { t in t.id.map { ($0.uuidString, t.name) } }, selected: nil, errors: errors),
                          Components.select("channel", label: "Send by", options: [("sms", "Text message"), ("email", "Email")], selected: request.contactPreference == .email ? "email" : "sms", errors: errors)),
                     Components.textArea("body", label: "Message (leave empty to use the template)", hint: "Placeholders: ((name)), ((practice)), ((reference)), ((reply_link))", errors: errors),
                     .p(.class("hint hint--warning"), .attribute(named: "data-testid", value: "lock-screen-warning"),
                        .text("What you type may appear on the patient's phone while it is locked: leave out clinical details."))),
                form(.update, "Urgency and status", "Save",
                     Components.select("urgency", label: "Urgency", options: Urgency.allCases.map { ($0.rawValue, $0.displayName) }, selected: request.urgency.rawValue, errors: errors),
                     Components.select("status", label: "Status", options: [(request.status.rawValue, request.status.displayName)] + request.status.nextStatuses.filter { $0 != .closed }.map { ($0.rawValue, $0.displayName) }, selected: request.status.rawValue, errors: errors),
                     Components.select("bookingMode", label: "If booked, how", options: [("", "Not booked")] + BookingMode.allCases.map { ($0.rawValue, $0.displayName) }, selected: request.bookingMode?.rawValue, errors: errors)),
                form(.assign, "Assign", "Assign", Components.select("assignee", label: "Assign to", options: model.colleagues.compactMap { p in p.id.map { ($0.uuidString, p.name) } }, selected: request.assigneeID?.uuidString, errors: errors)),
                form(.note, "Internal note", "Add note", Components.textArea("note", label: "Note (staff only)", errors: errors)),
                .if(!model.routes.isEmpty, form(.route, "Route", "Route", Components.select("organisation", label: "Send to", options: model.routes.map { ($0.odsCode, $0.name) }, selected: nil, errors: errors))),
                form(.close, "Close with an outcome", "Close request", open: true,
                     Components.select("outcome", label: "Outcome", options: [("", "Choose an outcome")] + Outcome.allCases.map { ($0.rawValue, $0.displayName) }, selected: nil, errors: errors),
                     Components.textArea("outcomeNote", label: "Outcome note (goes into the summary)", errors: errors))
            )
        }
    }
}
