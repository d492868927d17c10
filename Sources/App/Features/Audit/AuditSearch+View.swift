import Domain
import Foundation
import Plot

extension AuditSearch {
    /// The audit search form and its results.
    struct View {
        var model: Model
        var chrome: PageChrome

        var html: HTML {
            let query = model.query
            let errors = model.errors
            let events = model.events
            return Layout("Audit trail", section: .audit, chrome: chrome).render([
                .h1(.text("Audit trail")),
                Components.errorSummary(errors),
                .form(
                    .class("filters"), .action(SiteURL.audit.path), .method(.get),
                    .div(Components.field("person", label: "Person (name or email)", value: query.person ?? "", errors: errors)),
                    .div(Components.field("record", label: "Record", value: query.record ?? "", errors: errors)),
                    .div(Components.field("from", label: "From", value: query.from ?? "", type: .date, errors: errors)),
                    .div(Components.field("to", label: "To", value: query.to ?? "", type: .date, errors: errors)),
                    .button(.type(.submit), .class("button button--secondary"), .text("Search"))
                ),
                .p(.attribute(named: "role", value: "status"), .text("\(events.count) event\(events.count == 1 ? "" : "s") (newest first, at most 200)")),
                .div(
                    .class("table-wrap"), .attribute(named: "tabindex", value: "0"), .attribute(named: "role", value: "region"),
                    .attribute(named: "aria-label", value: "Audit events (scrolls sideways)"),
                    .table(
                        .class("table"),
                        .thead(.tr(.th(.text("#")), .th(.text("When")), .th(.text("Who")), .th(.text("What")), .th(.text("Record")), .th(.text("From")), .th(.text("Detail")))),
                        .tbody(
                            .forEach(events) { event in
                                .tr(
                                    .td(.text("\(event.id ?? 0)")), .td(.text(UKTime.stampWithSeconds(event.occurredAt))),
                                    .td(.text(event.actorID.flatMap { model.names[$0] } ?? "–")), .td(.text(event.action)),
                                    .td(.text([event.recordType, event.recordID].compactMap { $0 }.joined(separator: " "))),
                                    .td(.text(event.sourceAddress ?? "")), .td(.text(event.detail))
                                )
                            }
                        )
                    )
                ),
            ])
        }
    }
}
