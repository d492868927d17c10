import Domain
import Fluent
import Foundation
import Vapor

/// Finds the requests the duty clinician must hear about (`DutyAlertRule`) and alerts once per request and reason: a
/// row in `duty_alerts` and an audit row in one transaction, then an email through the configured transport, then a
/// live queue event (the queue shows a "Duty alert" banner).
struct DutyAlertCheck: Sendable {
    let app: Application

    /// A promise broken longer ago than this is not "about to break": it is left to the queue's Overdue mark, so that
    /// turning the check on does not alert about every old request at once.
    static let overdueLookBack: TimeInterval = 86400

    /// One pass at `now`, over every organisation or only `handlerID` (a request just received); returns the alerts made.
    @discardableResult
    func run(now: Date, handlerID: UUID? = nil) async throws -> [DutyAlert] {
        let db = app.db
        let urgent = TriageRequest.priority(redFlagged: false, urgency: .today)
        var query = TriageRequest.query(on: db).filter(\.$status != .closed).group(.or) { or in
            or.group(.and) {
                $0.filter(\.$replyBy <= now.addingTimeInterval(ReplyByMark.dueSoonWindow))
                    .filter(\.$replyBy > now.addingTimeInterval(-Self.overdueLookBack))
            }
            or.group(.and) { $0.filter(\.$status == .new).filter(\.$assigneeID == nil).filter(\.$priority >= urgent) }
        }
        if let handlerID { query = query.filter(\.$handlerID == handlerID) }
        let requests = try await query.limit(2000).all()
        guard !requests.isEmpty else { return [] }
        let earlier = try await DutyAlert.query(on: db).filter(\.$requestID ~~ requests.compactMap(\.id)).all()
        let done = Set(earlier.map { "\($0.requestID) \($0.reason.rawValue)" })
        var made: [DutyAlert] = []
        for (organisationID, group) in Dictionary(grouping: requests, by: \.handlerID) {
            guard let cover = try await DutyCover.load(organisationID, app: app, today: CalendarDay(now), on: db) else { continue }
            for request in group {
                let facts = DutyAlertFacts(
                    urgency: request.urgency, redFlagged: request.redFlagged, status: request.status, claimed: request.assigneeID != nil,
                    receivedAt: request.receivedAt, replyBy: request.replyBy, receivedWhileClosed: request.receivedWhileClosed,
                    withOwnPractice: request.handlerID == request.practiceID)
                for reason in cover.rule.reasons(for: facts, now: now) where !done.contains("\(request.id?.uuidString ?? "") \(reason.rawValue)") {
                    if let alert = try await alert(request, reason, cover: cover, now: now) { made.append(alert) }
                }
            }
        }
        return made
    }

    /// Records, audits, emails and announces one alert; nil when another instance recorded it first.
    private func alert(_ request: TriageRequest, _ reason: DutyAlertReason, cover: DutyCover, now: Date) async throws -> DutyAlert? {
        let body = DutyCover.wording(
            reason, request: request, organisation: cover.organisation.name, now: now, baseURL: app.appConfig.publicBaseURL)
        let alert = try DutyAlert(request: request, reason: reason, clinician: cover.clinician, body: body, at: now)
        let record = AuditRecord(
            action: .dutyAlerted, actorID: nil, organisationID: request.handlerID, recordType: "triage_request", recordID: request.reference,
            detail: "\(reason.rawValue), " + (cover.clinician == nil ? "no duty clinician named" : "email to the duty clinician"))
        let trail = app.auditTrail
        do {
            try await app.db.writeTransaction { tx in
                try await alert.create(on: tx)
                try await trail.append(record, within: tx)
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            return nil
        }
        if cover.clinician != nil { try await email(alert) }
        try? await app.events.publish(QueueEvent.changed(handlerID: request.handlerID, requestID: request.id), on: app.db)
        return alert
    }

    /// Hands the alert's email to the transport and stores what it said.
    private func email(_ alert: DutyAlert) async throws {
        let transport = Messenger.transport(for: app, logger: app.logger)
        let outgoing = OutgoingMessage(
            channel: .email, recipient: alert.recipient ?? "", body: alert.body, reference: alert.id?.uuidString ?? "", toStaff: true)
        alert.transport = transport.name
        do {
            switch try await transport.send(outgoing) {
            case .accepted(let id, _):
                alert.emailStatus = .sent
                alert.transportID = id
            case .permanentFailure:
                alert.emailStatus = .failed
            }
        } catch {
            alert.emailStatus = .failed
            app.logger.warning("Duty alert email failed", metadata: ["transport": "\(transport.name)", "error": "\(error)"])
        }
        try await alert.save(on: app.db)
    }
}

/// Runs the duty alert check every `interval` seconds on the site clock (`Application.now`).
struct DutyAlertLoop: SiteService {
    let name = "duty alerts"
    let app: Application
    let interval: TimeInterval

    func run() async throws {
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(interval))
            if Task.isCancelled { break }
            do {
                try await DutyAlertCheck(app: app).run(now: app.now())
            } catch {
                app.logger.error("Duty alert check failed", metadata: ["error": "\(String(reflecting: type(of: error)))"])
            }
        }
    }
}
