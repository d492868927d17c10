import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// The shared triage queue of the acting organisation: filters, counts, current duty alerts, and a page of requests in
/// `TriageOrder` (red flags, urgency, soonest reply-by, oldest).
enum TriageQueue {
    /// Requests on one page of the queue.
    static let pageSize = 50

    /// The filter form, as chosen; `fragment=results` asks for the list alone (the live update).
    struct Filters: Codable, Sendable {
        var status: String?
        var kind: String?
        var flagged: String?
        var urgency: String?
        var mine: String?
        /// Waiting longer than this many working days, each counted as core hours' 10½ hours of opening time.
        var olderThanDays: Int?
        /// The page of the list, from 1.
        var page: Int?
        var fragment: String?
    }

    /// What the page shows: the filters, the counts by status, one page of requests with their assignees' names, the
    /// total that match, current duty alerts, and any possible floods.
    struct Model: Sendable {
        var filters: Filters
        var requests: [TriageRequest]
        var counts: [TriageStatus: Int]
        var assigneeNames: [UUID: String]
        /// Clients that sent many requests in the last hour; their requests are marked, never hidden.
        var floods: [PossibleFlood] = []
        /// When the page was made: the reply-by marks are worked out from it.
        var now: Date
        /// How many requests match the filters, on every page.
        var total: Int? = nil
        /// Alerts to the duty clinician about requests still open (and, for an unclaimed one, still unclaimed).
        var dutyAlerts: [CurrentDutyAlert] = []
        /// The practice's saved online request settings cannot be read: patients get an error page until a manager
        /// saves them again.
        var settingsUnreadable = false
        /// Links to the activity figures and the retention page, for those allowed to see them.
        var canViewActivity = false
        var canViewRetention = false

        var page: Int { max(filters.page ?? 1, 1) }
        var matching: Int { total ?? requests.count }

        /// Checks the person may triage, then finds one page of the acting organisation's requests that match; the
        /// waiting filter counts the opening hours of `capacity`.
        static func load(
            _ filters: Filters, for staff: StaffContext, floodThreshold: Int, capacity: PracticeCapacity, now: Date,
            on db: any Database
        ) async throws -> Model {
            try staff.require(.triageRequests)
            let acting = try staff.actingOrganisation.requireID()
            var query = try TriageRequest.filter(TriageRequest.query(on: db).filter(\.$handlerID == acting), status: filters.status)
            if let kind = filters.kind.flatMap(RequestKind.init(rawValue:)) { query = query.filter(\.$kind == kind) }
            if filters.flagged == "yes" { query = query.filter(\.$redFlagged == true) }
            if let urgency = filters.urgency.flatMap(Urgency.init(rawValue:)) { query = query.filter(\.$urgency == urgency) }
            if filters.mine == "yes" { query = query.filter(\.$assigneeID == staff.person.id) }
            if let days = filters.olderThanDays, days > 0 {
                let since = capacity.startOfWorkingMinutes(days * CoreHours.minutesPerDay, before: now)
                query = query.filter(\.$receivedAt <= since)
            }
            let total = try await query.copy().count()
            let page = max(filters.page ?? 1, 1)
            // the same order as TriageOrder: priority is its rank
            let requests = try await query.sort(\.$priority, .descending).sort(\.$replyBy).sort(\.$receivedAt).sort(\.$id)
                .range(((page - 1) * pageSize)..<(page * pageSize)).all()
            let counts = try await statusCounts(handler: acting, on: db)
            let assignees = try await Person.query(on: db).filter(\.$id ~~ requests.compactMap(\.assigneeID)).all()
            let names = Dictionary(uniqueKeysWithValues: assignees.compactMap { p in p.id.map { ($0, p.name) } })
            let floods = try await PossibleFlood.find(handlerID: acting, threshold: floodThreshold, now: now, on: db)
            let alerts = try await CurrentDutyAlert.find(handlerID: acting, now: now, on: db)
            return Model(
                filters: filters, requests: requests, counts: counts, assigneeNames: names, floods: floods, now: now, total: total,
                dutyAlerts: alerts, canViewActivity: staff.can(.viewActivity), canViewRetention: staff.can(.viewAudit))
        }

        /// How many of the handler's open requests are in each status, in one query (every live refresh asks).
        private static func statusCounts(handler: UUID, on db: any Database) async throws -> [TriageStatus: Int] {
            guard let sql = db as? any SQLDatabase else { throw Abort(.internalServerError) }
            let rows = try await sql.select().column("status").column(SQLFunction("count", args: SQLLiteral.all), as: "n")
                .from(TriageRequest.schema).where("handler_id", .equal, handler).where("status", .notEqual, TriageStatus.closed.rawValue)
                .groupBy("status").all()
            var counts = Dictionary(uniqueKeysWithValues: TriageStatus.allCases.filter { $0 != .closed }.map { ($0, 0) })
            for row in rows {
                let text = try row.decode(column: "status", as: String.self)
                guard let status = TriageStatus(rawValue: text) else {
                    throw StoredValueError(table: TriageRequest.schema, row: nil, column: "status", value: text)
                }
                counts[status] = try row.decode(column: "n", as: Int.self)
            }
            return counts
        }
    }
}
