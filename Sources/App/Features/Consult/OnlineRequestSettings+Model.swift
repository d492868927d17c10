import Domain
import Fluent
import Foundation

/// A practice's online-request settings page: opening hours (core hours at least), closures agreed with the ICB,
/// the reply promise, what happens out of hours, and the message templates.
enum OnlineRequestSettings {
    /// What the form shows: the settings (saved, or as typed when refused), the closures, the templates, the errors.
    struct Model: Sendable {
        var capacity: PracticeCapacity
        var acceptWhenClosed: Bool
        /// The form offers NHS login; `nhsLoginAvailable` when the site has NHS login set up (else it is not asked).
        var offersNHSLogin = true
        var nhsLoginAvailable = false
        var duty: Duty
        var dutyChoices: DutyChoices
        var templates: [MessageTemplateRecord]
        /// Closures from today on, soonest first.
        var closures: [AgreedClosure]
        /// The next bank holidays, so that nobody records one as a closure.
        var bankHolidays: [BankHoliday]
        /// A refused closure as typed.
        var closureTyped: ConsultSettingsController.ClosureForm?
        var errors: [FormError]
        /// What was just done, said at the top of the page: "Saved.", "Closure recorded." …
        var done: String?
        /// The saved hours could not be read: the form shows core hours, and saving replaces what was stored.
        var unreadable = false

        /// Checks the person may manage online requests, then reads the acting organisation's settings, closures and
        /// templates; `typed` replaces the saved settings with a refused form's.
        static func load(
            for staff: StaffContext, typed: (capacity: PracticeCapacity, acceptWhenClosed: Bool, duty: Duty)? = nil, errors: [FormError] = [],
            closureTyped: ConsultSettingsController.ClosureForm? = nil, done: String? = nil,
            bankHolidays: EnglandBankHolidays, nhsLoginAvailable: Bool = false, on db: any Database
        ) async throws -> Model {
            try staff.require(.manageOnlineRequests)
            let id = try staff.actingOrganisation.requireID()
            let templates = try await MessageTemplateRecord.query(on: db).filter(\.$organisationID == id).sort(\.$name).all()
            let closures = try await AgreedClosureRecord.upcoming(organisationID: id, from: staff.today, on: db).map(\.closure)
            let holidays = bankHolidays.days(in: staff.today.year) + bankHolidays.days(in: staff.today.year + 1)
            let settings = try await ConsultSettingsController.row(id, on: db)
            let saved = try? settings.practiceCapacity(bankHolidays: EnglandBankHolidays(), closures: [])
            let choices = try await DutyChoices.load(organisationID: id, today: staff.today, on: db)
            return Model(
                capacity: typed?.capacity ?? saved ?? .typicalPractice,
                acceptWhenClosed: typed?.acceptWhenClosed ?? settings.acceptWhenClosed,
                offersNHSLogin: settings.offersNHSLogin, nhsLoginAvailable: nhsLoginAvailable,
                duty: typed?.duty ?? Duty(settings), dutyChoices: choices,
                templates: templates, closures: closures, bankHolidays: Array(holidays.filter { $0.day >= staff.today }.prefix(6)),
                closureTyped: closureTyped, errors: errors, done: done, unreadable: saved == nil)
        }
    }
}
