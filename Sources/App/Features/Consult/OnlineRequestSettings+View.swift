import Domain
import Foundation
import Plot

extension OnlineRequestSettings {
    /// The settings form: hours per weekday (core hours at least), reply promise, out of hours; the closures agreed with
    /// the ICB; the message templates.
    struct View {
        var model: Model
        var chrome: PageChrome

        /// "08:00" from minutes after midnight.
        static func clock(_ minutes: Int) -> String { String(format: "%02d:%02d", minutes / 60, minutes % 60) }

        var html: HTML {
            let capacity = model.capacity
            let errors = model.errors
            let replyDays: Int = { if case .workingDays(let days) = capacity.replyPromise { return days } else { return 2 } }()
            let typed = model.closureTyped
            return Layout("Online request settings", section: .consult, chrome: chrome).render([
                .p(.a(.href(SiteURL.consult.path), .text("Back to the queue"))),
                .h1(.text("Online request settings")),
                .unwrap(errors.isEmpty ? model.done : nil) { .div(.class("notice"), .attribute(named: "role", value: "status"), .text($0)) },
                .if(model.unreadable, .div(.class("notice notice--danger"), .attribute(named: "role", value: "alert"),
                    .p(.text("The saved opening hours could not be read, so patients see an error page instead of the form. Below are core hours as a starting point: check them and save to put this right.")))),
                Components.errorSummary(errors),
                .form(
                    .action(SiteURL.consultSettings.path), .method(.post), .novalidate(),
                    Components.csrfField(chrome.csrf),
                    .h2(.text("Opening hours")),
                    .p(.class("hint"), .text("Monday to Friday the form stays open at least 08:00 to 18:30 (core hours, as the GP contract requires); you may open earlier, close later, or open at weekends. Leave a weekend day empty when closed. Bank holidays are closed. Times are UK time.")),
                    .div(.class("table-wrap"), .attribute(named: "tabindex", value: "0"), .attribute(named: "role", value: "region"), .attribute(named: "aria-label", value: "Opening hours (scrolls sideways)"),
                         .table(.class("table"),
                                .thead(.tr(.th(.text("Day")), .th(.text("Opens")), .th(.text("Closes")))),
                                .tbody(.forEach(Weekday.allCases) { day in
                                    .tr(.th(.text(day.displayName)),
                                        .td(timeInput("hours[\(day.rawValue)-opens]", "\(day.displayName) opens", capacity.openingHours[day].map { Self.clock($0.opens) } ?? "")),
                                        .td(timeInput("hours[\(day.rawValue)-closes]", "\(day.displayName) closes", capacity.openingHours[day].map { Self.clock($0.closes) } ?? "")))
                                }))),
                    .div(
                        Components.field("replyDays", label: "Reply promised within (working days)", value: "\(replyDays)", errors: errors, extra: [.attribute(named: "inputmode", value: "numeric")]),
                        .div(.class("checkbox"),
                             .selfClosedElement(named: "input", attributes: [Attribute<HTML.InputContext>.type(.checkbox), .id("acceptWhenClosed"), .name("acceptWhenClosed"), .value("yes")]
                                + (model.acceptWhenClosed ? [.attribute(named: "checked", value: "checked")] : [])),
                             .label(.for("acceptWhenClosed"), .text("Take requests outside these hours, on bank holidays and on agreed closures (patients are told when they will be read)"))),
                        .if(model.nhsLoginAvailable, .group(
                            Components.hiddenField("nhsLoginAsked", "yes"),
                            .div(.class("checkbox"),
                                 .selfClosedElement(named: "input", attributes: [Attribute<HTML.InputContext>.type(.checkbox), .id("offersNHSLogin"), .name("offersNHSLogin"), .value("yes")]
                                    + (model.offersNHSLogin ? [.attribute(named: "checked", value: "checked")] : [])),
                                 .label(.for("offersNHSLogin"), .text("Offer NHS login on the form (a patient who signs in at P9 has their name, date of birth and NHS number filled in and verified)")))))
                    ),
                    dutyFields,
                    .button(.type(.submit), .class("button"), .text("Save settings"))
                ),
                .h2(.id("closures"), .text("Closures in core hours agreed with the ICB")),
                .p(.class("hint"), .text("A working day the practice cannot read requests in core hours needs the agreement of your integrated care board. Record who agreed it: the commissioner sees every closure, and each is in the audit trail.")),
                .if(model.closures.isEmpty, .p(.text("No closures to come."))),
                .if(!model.closures.isEmpty, .div(.class("table-wrap"), .attribute(named: "tabindex", value: "0"), .attribute(named: "role", value: "region"), .attribute(named: "aria-label", value: "Closures (scrolls sideways)"),
                    .table(.class("table"),
                        .thead(.tr(.th(.text("Day")), .th(.text("Reason")), .th(.text("Agreed by")), .th(.span(.class("visually-hidden"), .text("Remove"))))),
                        .tbody(.forEach(model.closures) { closure in
                            .tr(.td(.text(closure.day.displayText)), .td(.text(closure.reason)), .td(.text(closure.agreedBy)),
                                .td(.form(.action(SiteURL.consultClosureRemove.path), .method(.post), Components.csrfField(chrome.csrf),
                                          .input(.type(.hidden), .name("day"), .value(closure.day.iso)),
                                          .button(.type(.submit), .class("button button--secondary"), .text("Remove"),
                                                  .attribute(named: "aria-label", value: "Remove the closure on \(closure.day.displayText)")))))
                        })))),
                .form(
                    .action(SiteURL.consultClosures.path), .method(.post), .novalidate(),
                    Components.csrfField(chrome.csrf),
                    .div(
                        Components.field("closureDay", label: "Day", value: typed?.closureDay ?? "", hint: "Like 2026-12-24: a working day, today or later", errors: errors),
                        Components.field("closureReason", label: "Reason", value: typed?.closureReason ?? "", hint: "For example: protected learning time", errors: errors),
                        Components.field("closureAgreedBy", label: "Agreed by (name and role at the ICB)", value: typed?.closureAgreedBy ?? "", errors: errors)
                    ),
                    .button(.type(.submit), .class("button button--secondary"), .text("Record closure"))
                ),
                .unwrap(model.bankHolidays.isEmpty ? nil : model.bankHolidays) { holidays in
                    .details(.summary(.text("Bank holidays to come (closed without recording)")),
                             .ul(.forEach(holidays) { .li(.text("\($0.day.displayText): \($0.name)")) }))
                },
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
