import Domain
import Fluent
import Foundation

/// The acting organisation's duty alerts that still need someone, and who is on duty.
enum DutyAlerts {
    struct Model: Sendable {
        var alerts: [CurrentDutyAlert]
        /// The duty clinician named in the settings, if any.
        var dutyClinician: String?
        var minutes: Int
        var now: Date

        /// Checks the person may triage, then reads the alerts, the settings and the duty clinician's name.
        static func load(for staff: StaffContext, now: Date, on db: any Database) async throws -> Model {
            try staff.require(.triageRequests)
            let id = try staff.actingOrganisation.requireID()
            let alerts = try await CurrentDutyAlert.find(handlerID: id, now: now, on: db)
            let settings = try await ConsultSettings.query(on: db).filter(\.$organisationID == id).first()
            var clinician: Person?
            if let personID = settings?.dutyClinicianID { clinician = try await Person.find(personID, on: db) }
            return Model(
                alerts: alerts, dutyClinician: clinician?.name, minutes: settings?.dutyAlertMinutes ?? DutyAlertRule.defaultUnclaimedMinutes,
                now: now)
        }
    }
}
