import Domain
import Fluent
import Foundation

/// The audit trail searched by person, record and date; a system admin sees every organisation's rows.
enum AuditSearch {
    /// The search form, as typed.
    struct Query: Codable, Sendable {
        var person: String?
        var record: String?
        var from: String?
        var to: String?
        /// From 1, newest first; anything else reads as 1.
        var page: String?
    }

    /// Events a page shows.
    static let pageSize = 100

    /// What the page shows: the form as typed, its errors, one page of the matching events, how many match in all, and
    /// the names of the people and records they mention.
    struct Model: Sendable {
        var query: Query
        var errors: [FormError]
        var events: [AuditEvent]
        /// Actors' names by their id as the audit trail stores it.
        var names: [String: String]
        /// Records' names or references, keyed `"type id"` (`Records.names`).
        var records: [String: String] = [:]
        /// Events matching the search, on every page.
        var total: Int = 0

        /// Checks the person may read the audit trail, then finds one page of the events in their scope, newest first.
        static func load(_ query: Query, for staff: StaffContext, on db: any Database) async throws -> Model {
            try staff.require(.viewAudit)
            var errors: [FormError] = []
            var builder = AuditEvent.query(on: db)
            if !staff.actingRoles.contains(.systemAdmin) {
                // the organisation's own rows, and what its staff did before choosing an organisation (signing in)
                let staffIDs = try await Engagement.query(on: db).filter(\.$organisation.$id == staff.actingOrganisation.requireID())
                    .all().map { $0.$person.id.uuidString }
                builder = builder.group(.or) {
                    $0.filter(\.$organisationID == staff.actingOrganisation.id?.uuidString)
                        .group(.and) { $0.filter(\.$organisationID == nil).filter(\.$actorID ~~ staffIDs) }
                }
            }
            let personText = query.personText
            if !personText.isEmpty {
                let people = try await Person.query(on: db).group(.or) {
                    $0.filter(\.$email == personText.lowercased()).filter(\.$name, .custom("LIKE"), "%\(personText)%")
                }.all()
                builder = builder.filter(\.$actorID ~~ people.compactMap { $0.id?.uuidString })
            }
            let record = query.recordText
            if let prefix = Records.kitRequestPrefix(record) {
                builder = builder.filter(\.$recordType == "estate_request").filter(\.$recordID, .custom("LIKE"), prefix + "%")
            } else if !record.isEmpty {
                builder = builder.filter(\.$recordID ~~ (try await Records.ids(matching: record, on: db)))
            }
            for (field, text, isEnd) in [("from", query.from, false), ("to", query.to, true)] {
                guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { continue }
                guard let day = CalendarDay(text) else {
                    errors.append(.init(field: field, message: "Enter the date like 2026-11-26"))
                    continue
                }
                let millis = Int64((isEnd ? day.adding(days: 1) : day).startOfDay().timeIntervalSince1970 * 1000)
                builder = isEnd ? builder.filter(\.$occurredAtMillis < millis) : builder.filter(\.$occurredAtMillis >= millis)
            }
            let total = errors.isEmpty ? try await builder.copy().count() : 0
            let offset = (query.pageNumber - 1) * AuditSearch.pageSize
            let events =
                errors.isEmpty ? try await builder.sort(\.$id, .descending).range(offset..<(offset + AuditSearch.pageSize)).all() : []
            let actorIDs = Set(events.compactMap { $0.actorID.flatMap(UUID.init(uuidString:)) })
            let names = Dictionary(
                uniqueKeysWithValues: try await Person.query(on: db).filter(\.$id ~~ Array(actorIDs)).all()
                    .compactMap { person in person.id.map { ($0.uuidString, person.name) } })
            let records = try await Records.names(of: events, on: db)
            return Model(query: query, errors: errors, events: events, names: names, records: records, total: total)
        }
    }
}

extension AuditSearch.Query {
    var personText: String { (person ?? "").trimmingCharacters(in: .whitespaces) }
    var recordText: String { (record ?? "").trimmingCharacters(in: .whitespaces) }
    /// The page asked for, 1 when none or nonsense; at most 100,000 (a deep page is still one indexed read).
    var pageNumber: Int { min(max(page.flatMap { Int($0) } ?? 1, 1), 100_000) }

    /// The same search on another page.
    func onPage(_ number: Int) -> Self {
        var query = self
        query.page = number == 1 ? nil : String(number)
        return query
    }
}
