import Domain
import Foundation
import Plot

extension OnlineRequestSettings {
    /// The settings form: hours per weekday, closed days, cap, reply promise, and the message templates.
    struct View {
        var model: Model
        var chrome: PageChrome

        /// "08:00" from minutes after midnight.
        static func clock(_ minutes: Int) -> String { String(format: "%02d:%02d", minutes / 60, minutes % 60) }

        var html: HTML {
            let capacity = model.capacity
            let errors = model.errors
            let justSaved = model.saved
            let replyDays: Int = { if case .workingDays(let days) = capacity.replyPromise { return days } else { return 2 } }()
            let closedDays = capacity.closedDays.sorted().map(\.iso).joined(separator: "\n")
            return Layout("Online request settings", section: .consult, chrome: chrome).render([
                .p(.a(.href(SiteURL.consult.path), .text("Back to the queue"))),
                .h1(.text("Online request settings")),
                .if(justSaved && errors.isEmpty, .div(.class("notice"), .attribute(named: "role", value: "status"), .text("Saved."))),
                Components.errorSummary(errors),
                .form(
                    .action(SiteURL.consultSettings.path), .method(.post), .novalidate(),
                    Components.csrfField(chrome.csrf),
                    .h2(.text("Opening hours")),
                    .p(.class("hint"), .text("Leave both times empty on days the practice is closed. Times are UK time.")),
                    .div(.class("table-wrap"), .attribute(named: "tabindex", value: "0"), .attribute(named: "role", value: "region"), .attribute(named: "aria-label", value: "Opening hours (scrolls sideways)"),
                         .table(.class("table"),
                                .thead(.tr(.th(.text("Day")), .th(.text("Opens")), .th(.text("Closes")))),
                                .tbody(.forEach(Weekday.allCases) { day in
                                    .tr(.th(.text(day.displayName)),
                                        .td(timeInput("hours[\(day.rawValue)-opens]", "\(day.displayName) opens", capacity.openingHours[day].map { Self.clock($0.opens) } ?? "")),
                                        .td(timeInput("hours[\(day.rawValue)-closes]", "\(day.displayName) closes", capacity.openingHours[day].map { Self.clock($0.closes) } ?? "")))
                                }))),
                    .div(
                        Components.textArea("closedDays", label: "Closed days (bank holidays, training afternoons)", value: closedDays, hint: "One date per line, like 2026-12-25", errors: errors),
                        Components.field("dailyCap", label: "Most online requests a day (empty: no cap)", value: capacity.dailyCap.map(String.init) ?? "", errors: errors, extra: [.attribute(named: "inputmode", value: "numeric")]),
                        Components.field("replyDays", label: "Reply promised within (working days)", value: "\(replyDays)", errors: errors, extra: [.attribute(named: "inputmode", value: "numeric")]),
                        .div(.class("checkbox"),
                             .selfClosedElement(named: "input", attributes: [Attribute<HTML.InputContext>.type(.checkbox), .id("acceptWhenClosed"), .name("acceptWhenClosed"), .value("yes")]
                                + (model.acceptWhenClosed ? [.attribute(named: "checked", value: "checked")] : [])),
                             .label(.for("acceptWhenClosed"), .text("Take requests outside hours and over the cap (patients are told when it will be read)")))
                    ),
                    .button(.type(.submit), .class("button"), .text("Save settings"))
                ),
                .h2(.text("Message templates")),
                .ul(.forEach(model.templates) { template in .li(.strong(.text(template.name)), .text(": \(template.body)")) }),
                .form(
                    .action(SiteURL.consultTemplates.path), .method(.post), .novalidate(),
                    Components.csrfField(chrome.csrf),
                    .div(
                        Components.field("name", label: "Template name", errors: errors),
                        Components.textArea("body", label: "Message", hint: "Placeholders: ((name)), ((practice)), ((reference)), ((reply_link))", errors: errors)
                    ),
                    .button(.type(.submit), .class("button button--secondary"), .text("Add template"))
                ),
            ])
        }

        private func timeInput(_ name: String, _ label: String, _ value: String) -> Node<HTML.BodyContext> {
            .input(.type(.text), .name(name), .value(Components.attributeSafe(value)), .class("input input--4"),
                   .attribute(named: "aria-label", value: label), .attribute(named: "inputmode", value: "numeric"), .placeholder("08:00"))
        }
    }
}
