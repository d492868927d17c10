import Domain
import Fluent
import Foundation

/// The shared triage queue of the acting organisation: filters, counts, and the requests, red flags first, then
/// urgency, oldest first.
enum TriageQueue {
    /// The filter form, as chosen; `fragment=results` asks for the list alone (the live update).
    struct Filters: Codable, Sendable {
        var status: String?
        var kind: String?
        var flagged: String?
        var urgency: String?
        var mine: String?
        var olderThanDays: Int?
        var fragment: String?
    }

    /// What the page shows: the filters, the counts by status, the requests with their assignees' names, and any
    /// possible floods.
    struct Model: Sendable {
        var filters: Filters
        var requests: [TriageRequest]
        var counts: [TriageStatus: Int]
        var assigneeNames: [UUID: String]
        /// Clients that sent many requests in the last hour; their requests are marked, never hidden.
        var floods: [PossibleFlood] = []
        /// When the page was made: a request past its reply time by then is overdue.
        var now: Date

        /// Checks the person may triage, then finds the acting organisation's requests that match, at most 500.
        static func load(
            _ filters: Filters, for staff: StaffContext, floodThreshold: Int, now: Date, on db: any Database
        ) async throws -> Model {
            try staff.require(.triageRequests)
            let acting = try staff.actingOrganisation.requireID()
            var query = try TriageRequest.filter(TriageRequest.query(on: db).filter(\.$handlerID == acting), status: filters.status)
            if let kind = filters.kind.flatMap(RequestKind.init(rawValue:)) { query = query.filter(\.$kind == kind) }
            if filters.flagged == "yes" { query = query.filter(\.$redFlagged == true) }
            if let urgency = filters.urgency.flatMap(Urgency.init(rawValue:)) { query = query.filter(\.$urgency == urgency) }
            if filters.mine == "yes" { query = query.filter(\.$assigneeID == staff.person.id) }
            if let days = filters.olderThanDays, days > 0 {
                query = query.filter(\.$receivedAt < now.addingTimeInterval(-Double(days) * 86400))
            }
            let requests = try await query.sort(\.$priority, .descending).sort(\.$receivedAt).limit(500).all()
            let counts = try await statusCounts(handler: acting, on: db)
            let assignees = try await Person.query(on: db).filter(\.$id ~~ requests.compactMap(\.assigneeID)).all()
            let names = Dictionary(uniqueKeysWithValues: assignees.compactMap { p in p.id.map { ($0, p.name) } })
            let floods = try await PossibleFlood.find(handlerID: acting, threshold: floodThreshold, now: now, on: db)
            return Model(filters: filters, requests: requests, counts: counts, assigneeNames: names, floods: floods, now: now)
        }

        private static func statusCounts(handler: UUID, on db: any Database) async throws -> [TriageStatus: Int] {
            var counts: [TriageStatus: Int] = [:]
            for status in TriageStatus.allCases where status != .closed {
                counts[status] = try await TriageRequest.query(on: db).filter(\.$handlerID == handler)
                    .filter(\.$status == status).count()
            }
            return counts
        }
    }
}
