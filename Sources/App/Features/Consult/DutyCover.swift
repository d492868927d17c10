import Domain
import Fluent
import Foundation
import Vapor

/// Who covers an organisation's requests when something is urgent or about to break: its duty clinician (when named
/// and still engaged there), the minutes an urgent request may wait, and its hours.
struct DutyCover: Sendable {
    var organisation: Organisation
    var rule: DutyAlertRule
    var clinician: Person?

    /// The cover of organisation `id`, or nil when it no longer exists.
    static func load(_ id: UUID, app: Application, today: CalendarDay, on db: any Database) async throws -> DutyCover? {
        guard let organisation = try await Organisation.find(id, on: db) else { return nil }
        let settings = try await ConsultSettings.query(on: db).filter(\.$organisationID == id).first()
        let capacity =
            try await app.practiceDirectory.lookup(code: organisation.odsCode, bankHolidays: app.bankHolidays, on: db)?.capacity
            ?? PracticeCapacity.typicalPractice.with(bankHolidays: app.bankHolidays, closures: [])
        var clinician: Person?
        if let personID = settings?.dutyClinicianID {
            let engaged = try await Engagement.query(on: db).filter(\.$person.$id == personID)
                .filter(\.$organisation.$id == id).all().contains { $0.isActive(on: today) }
            if engaged { clinician = try await Person.find(personID, on: db) }
        }
        let minutes = settings?.dutyAlertMinutes ?? DutyAlertRule.defaultUnclaimedMinutes
        return DutyCover(organisation: organisation, rule: DutyAlertRule(unclaimedMinutes: minutes, capacity: capacity), clinician: clinician)
    }

    /// The email to the duty clinician: reference, organisation, how long, a link; no patient name, no clinical detail.
    static func wording(_ reason: DutyAlertReason, request: TriageRequest, organisation: String, now: Date, baseURL: String) -> String {
        let link = baseURL + SiteURL.triageRequest(id: request.id ?? UUID()).path
        let minutes = { (from: Date, to: Date) in max(0, Int(to.timeIntervalSince(from) / 60)) }
        let what: String
        switch reason {
        case .unclaimedUrgent:
            what = "Request \(request.reference) to \(organisation) is urgent and nobody has claimed it \(minutes(request.receivedAt, now)) minutes after it arrived."
        case .promiseDueSoon:
            what =
                request.replyBy > now
                ? "The reply to request \(request.reference) at \(organisation) is due by \(UKTime.clock(request.replyBy)), in \(minutes(now, request.replyBy)) minutes."
                : "The reply to request \(request.reference) at \(organisation) was due at \(UKTime.clock(request.replyBy)), \(minutes(request.replyBy, now)) minutes ago."
        case .urgentWhileClosed:
            what = "Urgent request \(request.reference) reached \(organisation) at \(UKTime.clock(request.receivedAt)) while it was closed, \(minutes(request.receivedAt, now)) minutes ago."
        }
        return "Duty alert. \(what) Sign in to open it: \(link)"
    }
}
