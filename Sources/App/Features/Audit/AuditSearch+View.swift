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
                .p(.attribute(named: "role", value: "status"), .text(summary)),
                pages,
                .div(
                    .class("table-wrap"), .attribute(named: "tabindex", value: "0"), .attribute(named: "role", value: "region"),
                    .attribute(named: "aria-label", value: "Audit events (scrolls sideways)"),
                    .table(
                        .class("table"),
                        .thead(
                            .tr(
                                .th(.text("#")), .th(.text("When")), .th(.text("Who")), .th(.text("What")), .th(.text("Record")),
                                .th(.text("From")), .th(.text("Detail")))),
                        .tbody(
                            .forEach(events) { event in
                                .tr(
                                    .td(.text("\(event.id ?? 0)")), .td(.text(UKTime.stampWithSeconds(event.occurredAt))),
                                    .td(.text(event.actorID.flatMap { model.names[$0] } ?? "–")),
                                    .td(.text(AuditAction(rawValue: event.action)?.inWords ?? event.action)),
                                    .td(.text(record(event))),
                                    .td(.text(event.sourceAddress ?? "")), .td(.text(event.detail))
                                )
                            }
                        )
                    )
                ),
                pages,
            ])
        }

        /// "Events 101–200 of 1,234, newest first", or that none match.
        var summary: String {
            guard model.total > 0, !model.events.isEmpty else {
                return model.total > 0 ? "No events on this page: \(count(model.total)) in all." : "No events match."
            }
            let first = (model.query.pageNumber - 1) * AuditSearch.pageSize + 1
            let last = first + model.events.count - 1
            return "Events \(count(first))–\(count(last)) of \(count(model.total)), newest first"
        }

        /// Links to newer and older events, when there are any.
        var pages: Node<HTML.BodyContext> {
            let page = model.query.pageNumber
            let hasOlder = page * AuditSearch.pageSize < model.total
            guard page > 1 || hasOlder else { return .empty }
            return .nav(
                .class("pagination"), .attribute(named: "aria-label", value: "Pages of events"),
                .if(page > 1, .a(.class("button button--secondary"), .href(link(page - 1)), .text("Newer events"))),
                .if(hasOlder, .a(.class("button button--secondary"), .href(link(page + 1)), .text("Older events")))
            )
        }

        /// The record an event is about, by kind and name or reference.
        func record(_ event: AuditEvent) -> String {
            guard let type = event.recordType else { return "" }
            let name = event.recordID.map { model.records["\(type) \($0)"] ?? $0 } ?? ""
            return [Records.kind(type), name].filter { !$0.isEmpty }.joined(separator: " ")
        }

        private func link(_ page: Int) -> String {
            let query = model.query.onPage(page)
            var parts = URLComponents()
            parts.path = SiteURL.audit.path
            let items = [("person", query.person), ("record", query.record), ("from", query.from), ("to", query.to), ("page", query.page)]
            parts.queryItems = items.compactMap { name, value in value.flatMap { $0.isEmpty ? nil : URLQueryItem(name: name, value: $0) } }
            return parts.string ?? SiteURL.audit.path
        }

        private func count(_ number: Int) -> String { number.formatted(.number.locale(Locale(identifier: "en_GB"))) }
    }
}
