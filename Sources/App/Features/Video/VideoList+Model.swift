import Domain
import Fluent
import Foundation

/// Today's video consultations of the organisation, the clinician's own with a link to the call, and a booking form
/// for a patient without an online request.
enum VideoList {
    /// The booking form, as typed.
    struct Form: Codable, Sendable {
        var patientName: String?
        /// The patient's date of birth, which their link asks before the call.
        var dobDay: String?
        var dobMonth: String?
        var dobYear: String?
        var mobile: String?
        var email: String?
        var clinician: String?
        var date: String?
        var time: String?
        var channel: String?
    }

    /// What the page shows: the consultations from the start of today to tomorrow midday, who may consult by video,
    /// and the booking form with its errors or the link just sent.
    struct Model: Sendable {
        var consultations: [VideoConsultation]
        var clinicians: [Person]
        /// The person looking: their own consultations link to the call, and they are the form's first choice.
        var me: UUID?
        var form: Form
        var errors: [FormError]
        /// The patient's link, shown when the demo sends no messages.
        var sentLink: String?
        /// The form's day when none is typed.
        var today: CalendarDay

        /// Checks the person may triage, then finds the consultations and the clinicians of the acting organisation.
        static func load(
            form: Form, errors: [FormError], sentLink: String?, for staff: StaffContext, now: Date, on db: any Database
        ) async throws -> Model {
            try staff.require(.triageRequests)
            let organisation = try staff.actingOrganisation.requireID()
            let day = Calendar(identifier: .gregorian).startOfDay(for: now)
            let consultations = try await VideoConsultation.query(on: db).filter(\.$organisationID == organisation)
                .filter(\.$slotAt >= day).filter(\.$slotAt < day.addingTimeInterval(36 * 3600)).sort(\.$slotAt).all()
            let clinicians = try await VideoBooking.clinicians(of: organisation, on: db, today: staff.today)
            return Model(
                consultations: consultations, clinicians: clinicians, me: staff.person.id, form: form, errors: errors,
                sentLink: sentLink, today: CalendarDay(now))
        }
    }
}
