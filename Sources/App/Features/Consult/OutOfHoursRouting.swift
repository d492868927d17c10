import Domain
import Fluent
import Foundation
import Vapor

/// A red-flagged or urgent request that arrives while its practice is closed: routed to the out-of-hours provider the
/// practice names (audited, its promise worked out again for the provider's hours), or, when none is named or the
/// provider no longer works for the practice, the practice's duty clinician is alerted at once.
enum OutOfHoursRouting {
    /// Runs once a patient's request is stored; a request that is not urgent, arrived while open, or was routed already
    /// is left alone, so a form sent twice changes nothing.
    static func afterIntake(_ request: TriageRequest, app: Application, now: Date) async throws {
        guard request.receivedWhileClosed, request.redFlagged || request.urgency == .today,
            request.handlerID == request.practiceID, request.status == .new, request.assigneeID == nil
        else { return }
        let db = app.db
        if let provider = try await provider(for: request.practiceID, today: CalendarDay(now), on: db) {
            let capacity = try await app.practiceDirectory.capacity(code: provider.odsCode, bankHolidays: app.bankHolidays, on: db)
            request.handlerID = try provider.requireID()
            request.replyBy = capacity.replyBy(reworkedAt: now, receivedAt: request.receivedAt, urgency: .today)
            let record = AuditRecord(
                action: .routedOutOfHours, actorID: nil, organisationID: request.practiceID, recordType: "triage_request",
                recordID: request.reference,
                detail: "routed to \(provider.odsCode), reply promised by \(UKTime.sortable(request.replyBy))")
            let trail = app.auditTrail
            try await db.writeTransaction { tx in
                try await request.save(on: tx)
                try await trail.append(record, within: tx)
            }
            for organisation in [request.practiceID, request.handlerID] {
                try? await app.events.publish(QueueEvent.changed(handlerID: organisation, requestID: request.id), on: db)
            }
        } else {
            try await DutyAlertCheck(app: app).run(now: now, handlerID: request.practiceID)
        }
    }

    /// The out-of-hours provider the practice names, while a sharing agreement with it is in force today.
    static func provider(for practiceID: UUID, today: CalendarDay, on db: any Database) async throws -> Organisation? {
        guard let settings = try await ConsultSettings.query(on: db).filter(\.$organisationID == practiceID).first(),
            let providerID = settings.outOfHoursProviderID
        else { return nil }
        let agreements = try await SharingAgreement.query(on: db).filter(\.$practice.$id == practiceID)
            .filter(\.$provider.$id == providerID).all()
        guard agreements.contains(where: { $0.isActive(on: today) }) else { return nil }
        return try await Organisation.find(providerID, on: db)
    }
}
