import Domain
import Fluent
import Foundation
import Vapor

/// The monthly activity as JSON, for the practices the token's organisation may see; each read is audited.
enum ActivityAPIController {
    struct Query: Content {
        var month: String?
    }

    struct Body: Content {
        var month: String
        var practices: [Practice]
    }

    struct Practice: Content {
        var odsCode: String
        var name: String
        var total: Figures
        var days: [Figures]
    }

    /// One day's figures (with its date) or the month's (without). Minutes are whole; a median with nothing to
    /// measure is absent.
    struct Figures: Content {
        var date: String?
        var requests: Int
        var types: [String: Int]
        var channels: [String: Int]
        var urgency: [String: Int]
        var triaged: Int
        var untriaged: Int
        var medianMinutesToFirstTriage: Int?
        var p90MinutesToFirstTriage: Int?
        var outcomes: [String: Int]
        var redFlagAdviceShown: Int
        var sentAfterAdvice: Int
        var refusedWhileClosed: Int
        var throttled: Int
        var videoBooked: Int
        var videoHeld: Int
        var videoMedianMinutes: Int?
        var videoTotalMinutes: Int

        init(_ c: ActivityCounts, date: CalendarDay?) {
            let minutes = { (seconds: Double?) in seconds.map { Int(($0 / 60).rounded()) } }
            self.date = date?.iso
            requests = c.requests
            types = Dictionary(uniqueKeysWithValues: RequestCategory.allCases.map { ($0.rawValue, c.byCategory[$0] ?? 0) })
            channels = Dictionary(uniqueKeysWithValues: RequestChannel.allCases.map { ($0.rawValue, c.byChannel[$0] ?? 0) })
            urgency = Dictionary(uniqueKeysWithValues: Urgency.allCases.map { ($0.rawValue, c.byUrgency[$0] ?? 0) })
            triaged = c.triageWaits.count
            untriaged = c.untriaged
            medianMinutesToFirstTriage = minutes(c.timeToFirstTriage.medianSeconds)
            p90MinutesToFirstTriage = minutes(c.timeToFirstTriage.ninetiethSeconds)
            outcomes = Dictionary(uniqueKeysWithValues: Outcome.allCases.map { ($0.rawValue, c.outcomes[$0] ?? 0) })
            redFlagAdviceShown = c.adviceShown
            sentAfterAdvice = c.sentAfterAdvice
            refusedWhileClosed = c.refused
            throttled = c.throttled
            videoBooked = c.videoBooked
            videoHeld = c.videoHeld
            videoMedianMinutes = minutes(c.videoLength.medianSeconds)
            videoTotalMinutes = minutes(c.videoLengths.reduce(0, +)) ?? 0
        }
    }

    @Sendable static func month(req: Request) async throws -> Body {
        let token = try req.requireAPIToken()
        let month = try ActivityShow.month(try req.query.decode(Query.self).month, now: Date())
        let organisation = try await token.$organisation.get(on: req.db)
        let visible = try await OrganisationScope.visibleIDs(from: organisation, on: req.db, today: CalendarDay(Date()), partners: false)
        let lines = try await ActivityReport.load(
            try await ActivityReport.practices(visible: visible, on: req.db), month: month, on: req.db)
        try await req.application.auditTrail.append(
            AuditRecord(
                action: .activityExported, actorID: token.$createdBy.id, organisationID: token.$organisation.id, recordType: "activity",
                recordID: "\(month)", sourceAddress: req.remoteAddress?.ipAddress,
                detail: "api token \(token.id?.uuidString ?? ""): \(lines.map(\.practice.odsCode).joined(separator: " "))"),
            on: req.db)
        return Body(
            month: "\(month)",
            practices: lines.map { line in
                Practice(
                    odsCode: line.practice.odsCode, name: line.practice.name, total: Figures(line.activity.total, date: nil),
                    days: line.activity.days.map { Figures($0.counts, date: $0.day) })
            })
    }
}
