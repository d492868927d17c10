import Domain
import Fluent
import Foundation
import Plot
import Vapor

/// Searching the audit trail by person, record and date; a system admin sees every organisation's rows.
enum AuditController {
    struct SearchQuery: Content {
        var person: String?
        var record: String?
        var from: String?
        var to: String?
    }

    @Sendable static func search(req: Request) async throws -> HTML {
        let staff = try req.staff
        try staff.require(.viewAudit)
        let query = try req.query.decode(SearchQuery.self)
        var errors: [FormError] = []
        var builder = AuditEvent.query(on: req.db)
        if !staff.actingRoles.contains(.systemAdmin) {
            // the organisation's own rows, and what its staff did before choosing an organisation (signing in)
            let staffIDs = try await Engagement.query(on: req.db).filter(\.$organisation.$id == staff.actingOrganisation.requireID())
                .all().map { $0.$person.id.uuidString }
            builder = builder.group(.or) {
                $0.filter(\.$organisationID == staff.actingOrganisation.id?.uuidString)
                    .group(.and) { $0.filter(\.$organisationID == nil).filter(\.$actorID ~~ staffIDs) }
            }
        }
        let personText = (query.person ?? "").trimmingCharacters(in: .whitespaces)
        if !personText.isEmpty {
            let people = try await Person.query(on: req.db).group(.or) {
                $0.filter(\.$email == personText.lowercased()).filter(\.$name, .custom("LIKE"), "%\(personText)%")
            }.all()
            builder = builder.filter(\.$actorID ~~ people.compactMap { $0.id?.uuidString })
        }
        let record = (query.record ?? "").trimmingCharacters(in: .whitespaces)
        if !record.isEmpty { builder = builder.filter(\.$recordID == record) }
        for (field, text, isEnd) in [("from", query.from, false), ("to", query.to, true)] {
            guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { continue }
            guard let day = CalendarDay(text) else {
                errors.append(.init(field: field, message: "Enter the date like 2026-11-26"))
                continue
            }
            let millis = Int64((isEnd ? day.adding(days: 1) : day).startOfDay().timeIntervalSince1970 * 1000)
            builder = isEnd ? builder.filter(\.$occurredAtMillis < millis) : builder.filter(\.$occurredAtMillis >= millis)
        }
        let events = errors.isEmpty ? try await builder.sort(\.$id, .descending).limit(200).all() : []
        let actorIDs = Set(events.compactMap { $0.actorID.flatMap(UUID.init(uuidString:)) })
        let names = Dictionary(
            uniqueKeysWithValues: try await Person.query(on: req.db).filter(\.$id ~~ Array(actorIDs)).all().compactMap { p in p.id.map { ($0.uuidString, p.name) } })
        try await req.audit(.auditSearched, detail: [personText.isEmpty ? nil : "person", record.isEmpty ? nil : "record"].compactMap { $0 }.joined(separator: ","))
        return AuditSearchPage(query: query, errors: errors, events: events, names: names).render(req)
    }
}

/// The audit search form and its results.
struct AuditSearchPage {
    var query: AuditController.SearchQuery
    var errors: [FormError]
    var events: [AuditEvent]
    var names: [String: String]

    func render(_ req: Request) -> HTML {
        let formatter = DateFormatter()
        formatter.dateFormat = "d MMM yyyy HH:mm:ss"
        formatter.timeZone = .london
        return Layout("Audit trail", section: .audit, request: req).render([
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
                .class("table-wrap"), .attribute(named: "tabindex", value: "0"), .attribute(named: "role", value: "region"), .attribute(named: "aria-label", value: "Audit events (scrolls sideways)"),
                .table(
                    .class("table"),
                    .thead(.tr(.th(.text("#")), .th(.text("When")), .th(.text("Who")), .th(.text("What")), .th(.text("Record")), .th(.text("From")), .th(.text("Detail")))),
                    .tbody(
                        .forEach(events) { event in
                            .tr(
                                .td(.text("\(event.id ?? 0)")), .td(.text(formatter.string(from: event.occurredAt))),
                                .td(.text(event.actorID.flatMap { names[$0] } ?? "–")), .td(.text(event.action)),
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
