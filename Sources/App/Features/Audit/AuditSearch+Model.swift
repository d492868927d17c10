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
    }

    /// What the page shows: the form as typed, its errors, and the matching events with their actors' names.
    struct Model: Sendable {
        var query: Query
        var errors: [FormError]
        var events: [AuditEvent]
        /// Actors' names by their id as the audit trail stores it.
        var names: [String: String]

        /// Checks the person may read the audit trail, then finds the events in their scope, newest first, at most 200.
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
                uniqueKeysWithValues: try await Person.query(on: db).filter(\.$id ~~ Array(actorIDs)).all()
                    .compactMap { person in person.id.map { ($0.uuidString, person.name) } })
            return Model(query: query, errors: errors, events: events, names: names)
        }
    }
}

extension AuditSearch.Query {
    var personText: String { (person ?? "").trimmingCharacters(in: .whitespaces) }
    var recordText: String { (record ?? "").trimmingCharacters(in: .whitespaces) }
}
