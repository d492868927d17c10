import Domain
import Fluent
import Foundation
import SQLKit

/// Practices' activity for a month, read from the requests, the audit trail, the form's tallies and the video
/// consultations: counts and times only, never a patient.
enum ActivityReport {
    /// One practice's figures.
    struct Line: Sendable {
        var practice: Organisation
        var activity: PracticeActivity
    }

    /// The practices (and branches) among `visible` (nil: every one), by name.
    static func practices(visible: Set<UUID>?, on db: any Database) async throws -> [Organisation] {
        var query = Organisation.query(on: db).filter(\.$kind ~~ [OrganisationKind.practice, .branch])
        if let visible { query = query.filter(\.$id ~~ visible) }
        return try await query.sort(\.$name).all()
    }

    /// Each practice's figures for `month`, in the order given.
    static func load(_ practices: [Organisation], month: ActivityMonth, on db: any Database) async throws -> [Line] {
        let ids = practices.compactMap(\.id)
        guard !ids.isEmpty else { return [] }
        let interval = month.interval
        let requests = try await TriageRequest.query(on: db).filter(\.$practiceID ~~ ids)
            .filter(\.$receivedAt >= interval.lowerBound).filter(\.$receivedAt < interval.upperBound)
            .field(\.$id).field(\.$reference).field(\.$practiceID).field(\.$receivedAt).field(\.$kind).field(\.$adminTopic)
            .field(\.$channel).field(\.$urgency).field(\.$redFlagged).field(\.$claimedAt).field(\.$outcome)
            .all()
        let firstActs = try await firstStaffActs(references: requests.map(\.reference), since: interval.lowerBound, on: db)
        let tallies = try await RequestFormTally.query(on: db).filter(\.$practiceID ~~ ids)
            .filter(\.$day >= month.firstDay).filter(\.$day < month.next.firstDay).all()
        let videos = try await VideoConsultation.query(on: db).filter(\.$organisationID ~~ ids)
            .filter(\.$slotAt >= interval.lowerBound).filter(\.$slotAt < interval.upperBound)
            .field(\.$id).field(\.$organisationID).field(\.$slotAt).field(\.$state).field(\.$outcome)
            .field(\.$callStartedAt).field(\.$endedAt)
            .all()
        // grouped once, so that a national view of thousands of practices is not practices × rows
        let requestsBy = Dictionary(grouping: requests, by: \.practiceID)
        let videosBy = Dictionary(grouping: videos, by: \.organisationID)
        let talliesBy = Dictionary(grouping: tallies, by: \.practiceID)
        return practices.compactMap { practice in
            guard let id = practice.id else { return nil }
            let facts = (requestsBy[id] ?? []).map { request in
                let first = [request.claimedAt, firstActs[request.reference]].compactMap { $0 }.min()
                return RequestFact(
                    receivedAt: request.receivedAt, category: RequestCategory(kind: request.kind, adminTopic: request.adminTopic),
                    channel: request.channel, urgency: request.urgency, redFlagged: request.redFlagged, firstTriagedAt: first,
                    outcome: request.outcome)
            }
            let videoFacts = (videosBy[id] ?? []).map {
                VideoFact(slotAt: $0.slotAt, callStartedAt: $0.callStartedAt, endedAt: $0.endedAt, outcome: $0.outcome)
            }
            let formTallies = (talliesBy[id] ?? []).map(\.tally)
            return Line(
                practice: practice, activity: PracticeActivity(month: month, requests: facts, videos: videoFacts, tallies: formTallies))
        }
    }

    /// The audit actions that are someone at a practice triaging a request: claiming it, or changing it (status,
    /// urgency, assignee, a note, a message, routing, closing) on a page or through the API.
    static let staffActs = [AuditAction.requestClaimed.rawValue, AuditAction.requestChanged.rawValue]

    /// The first staff act on each request (by reference) recorded in the audit trail since `since`.
    static func firstStaffActs(references: [String], since: Date, on db: any Database) async throws -> [String: Date] {
        guard let sql = db as? any SQLDatabase, !references.isEmpty else { return [:] }
        var first: [String: Date] = [:]
        let since = Int64(since.timeIntervalSince1970 * 1000)
        for chunk in stride(from: 0, to: references.count, by: 500).map({ Array(references[$0..<min($0 + 500, references.count)]) }) {
            let rows = try await sql.select()
                .column("record_id").column(SQLFunction("MIN", args: SQLColumn("occurred_at_ms")), as: "first_ms")
                .from(AuditEvent.schema)
                .where("record_type", .equal, "triage_request")
                .where("occurred_at_ms", .greaterThanOrEqual, since)
                .where("record_id", .in, chunk)
                .where { group in
                    group.where("action", .in, staffActs)
                        .orWhere { api in api.where("action", .equal, AuditAction.apiRead.rawValue).where("detail", .like, "%: updated") }
                }
                .groupBy("record_id")
                .all()
            for row in rows {
                let reference = try row.decode(column: "record_id", as: String.self)
                let millis = try row.decode(column: "first_ms", as: Int64.self)
                first[reference] = Date(timeIntervalSince1970: Double(millis) / 1000)
            }
        }
        return first
    }
}
