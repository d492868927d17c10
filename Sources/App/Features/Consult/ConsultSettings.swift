import Domain
import Fluent
import Foundation
import Vapor

/// A practice's online-request settings: its opening hours (never shorter than core hours), its reply promise and
/// what the form does outside them.
final class ConsultSettings: Model, @unchecked Sendable {
    static let schema = "consult_settings"

    // managed fields
    @ID(key: .id) var id: UUID?

    // data fields
    /// JSON of `PracticeCapacity`: the hours and the promise.
    @Field(key: "capacity") var capacity: String
    /// Outside the practice's hours (and on bank holidays and agreed closures), take requests with an honest message
    /// of when they will be read, instead of turning them away.
    @Field(key: "accept_when_closed") var acceptWhenClosed: Bool
    /// Minutes of opening hours an urgent request may wait unclaimed before the duty clinician is alerted.
    @Field(key: "duty_alert_minutes") var dutyAlertMinutes: Int
    /// The form offers NHS login (when the site has it set up): patients who sign in have their details filled in.
    @Field(key: "offers_nhs_login") var offersNHSLogin: Bool

    // relationships
    /// The clinician alerted when an urgent request waits unclaimed or a promise is about to break; nil when none is
    /// named (then nobody is alerted by email, and the settings page says so).
    @OptionalField(key: "duty_clinician_id") var dutyClinicianID: UUID?
    /// The out-of-hours service that red-flagged and urgent requests sent while the practice is closed go to.
    @OptionalField(key: "out_of_hours_provider_id") var outOfHoursProviderID: UUID?
    @Field(key: "organisation_id") var organisationID: UUID

    init() {}

    /// Settings for a practice that has saved none: the typical practice's, requests refused while closed.
    init(organisationID: UUID, capacity: PracticeCapacity = .typicalPractice, acceptWhenClosed: Bool = false) throws {
        self.organisationID = organisationID
        self.acceptWhenClosed = acceptWhenClosed
        self.dutyAlertMinutes = DutyAlertRule.defaultUnclaimedMinutes
        self.offersNHSLogin = true
        try use(capacity)
    }

    /// The saved hours and promise with this server's bank holidays and the practice's agreed closures. Settings that
    /// cannot be read (or hours shorter than core hours) are an error naming the row, never the typical practice's.
    func practiceCapacity(bankHolidays: EnglandBankHolidays, closures: [AgreedClosure]) throws -> PracticeCapacity {
        do {
            return try JSONDecoder().decode(PracticeCapacity.self, from: Data(capacity.utf8))
                .with(bankHolidays: bankHolidays, closures: closures)
        } catch {
            throw StoredValueError(table: Self.schema, row: id, column: "capacity", value: capacity)
        }
    }

    /// Stores `capacity`'s hours and promise.
    func use(_ capacity: PracticeCapacity) throws {
        self.capacity = String(decoding: try JSONEncoder().encode(capacity), as: UTF8.self)
    }
}

/// A working day a practice's online form is closed in core hours, agreed with its ICB (`AgreedClosure`).
final class AgreedClosureRecord: Model, @unchecked Sendable {
    static let schema = "agreed_closures"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "recorded_at", on: .create) var recordedAt: Date?

    // data fields
    @Typed(key: "day") var day: CalendarDay
    @Field(key: "reason") var reason: String
    /// The name and role of the person at the ICB who agreed it.
    @Field(key: "agreed_by") var agreedBy: String

    // relationships
    @Field(key: "organisation_id") var organisationID: UUID
    /// Who recorded it; nil for closures carried over from the settings of an earlier version.
    @OptionalField(key: "recorded_by_id") var recordedByID: UUID?

    init() {}

    init(organisationID: UUID, closure: AgreedClosure, recordedByID: UUID?) {
        self.organisationID = organisationID
        self.day = closure.day
        self.reason = closure.reason
        self.agreedBy = closure.agreedBy
        self.recordedByID = recordedByID
    }

    var closure: AgreedClosure { AgreedClosure(day: day, reason: reason, agreedBy: agreedBy) }

    /// The practice's closures from `from` on, soonest first.
    static func upcoming(organisationID: UUID, from: CalendarDay, on db: any Database) async throws -> [AgreedClosureRecord] {
        try await query(on: db).filter(\.$organisationID == organisationID).filter(\.$day >= from).sort(\.$day).all()
    }
}
