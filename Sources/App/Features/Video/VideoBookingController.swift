import Domain
import Fluent
import Foundation
import Vapor

/// Books a video consultation from a triage request: a clinician of the practice, a day and a time; the patient's link
/// goes by text or email through the messenger.
enum VideoBookingController {
    struct Form: Content {
        var clinician: String?
        var date: String?
        var time: String?
        var channel: String?
    }

    @Sendable static func book(req: Request) async throws -> Response {
        let staff = try req.staff
        let request = try await TriageAccess.request(req, staff: staff)
        let form = try req.content.decode(Form.self)
        let clinicians = try await VideoBooking.clinicians(of: request.handlerID, on: req.db, today: staff.today)
        let checked: VideoBooking.Checked
        do {
            checked = try VideoBooking.check(form, clinicians: clinicians, request: request, now: Date())
        } catch let problem as ValidationProblem {
            let page = try await TriageRequestController.page(request, staff: staff, errors: problem.errors, req: req)
            return .page(page.html, status: .unprocessableEntity)
        }
        let when = VideoBooking.describe(checked.slot)
        let bookedBy = try staff.person.requireID()
        let (_, token) = try await req.db.writeTransaction { tx in
            let booked = try await VideoBooking.create(checked, request: request, bookedBy: bookedBy, on: tx)
            try await req.audit(
                .videoBooked, recordType: "triage_request", recordID: request.reference,
                detail: "video consultation \(booked.0.uuidString) at \(when)", within: tx)
            return booked
        }
        let link = req.application.appConfig.publicBaseURL + SiteURL.videoJoin(token: token).path
        let body =
            "\(staff.actingOrganisation.name): your video consultation is at \(when). Open this link from 30 minutes before "
            + "(it works on a phone, nothing to install; the call is not recorded): \(link)"
        _ = try await Messenger(request: req).send(body, channel: checked.channel, about: request, from: bookedBy)
        return req.redirect(to: SiteURL.triageRequest(id: try request.requireID()).path, redirectType: .normal)
    }
}

/// The rules of a booking form, apart from the web.
enum VideoBooking {
    struct Checked {
        var clinician: Person
        var slot: Date
        var channel: OutgoingMessage.Channel
    }

    /// The people of the organisation who may consult by video today.
    static func clinicians(of organisation: UUID, on db: any Database, today: CalendarDay) async throws -> [Person] {
        let engagements = try await Engagement.query(on: db).filter(\.$organisation.$id == organisation).with(\.$person).all()
        let able = engagements.filter { $0.isActive(on: today) && $0.role.permissions.contains(.consultByVideo) }
        return Dictionary(grouping: able.map(\.person), by: { $0.id }).compactMap { $0.value.first }.sorted { $0.name < $1.name }
    }

    static func check(_ form: VideoBookingController.Form, clinicians: [Person], request: TriageRequest, now: Date) throws -> Checked {
        var errors: [FormError] = []
        let clinician = clinicians.first { $0.id?.uuidString == form.clinician }
        if clinician == nil { errors.append(FormError(field: "clinician", message: "Choose the clinician who will see the patient")) }
        let slot = slot(date: form.date ?? "", time: form.time ?? "")
        if slot == nil {
            errors.append(FormError(field: "time", message: "Enter the day as 2026-11-26 and the time as 14:30"))
        } else if let slot, slot < now.addingTimeInterval(-15 * 60) {
            errors.append(FormError(field: "time", message: "Choose a time from now on"))
        }
        let channel = OutgoingMessage.Channel(rawValue: form.channel ?? "") ?? .sms
        let recipient = channel == .sms ? request.mobile : request.email
        if recipient?.isEmpty ?? true {
            errors.append(
                FormError(
                    field: "channel",
                    message: channel == .sms
                        ? "The patient gave no mobile number: send the link by email"
                        : "The patient gave no email address: send the link by text"))
        }
        if channel == .sms, !(recipient?.isEmpty ?? true), !request.mobileVerified {
            errors.append(FormError(field: "channel", message: UnverifiedMobile.refusal("the video link")))
        }
        guard errors.isEmpty, let clinician, let slot else { throw ValidationProblem(errors: errors) }
        return Checked(clinician: clinician, slot: slot, channel: channel)
    }

    /// The consultation and the patient's link, and the request booked for video, in one transaction; the token itself
    /// is returned, never stored.
    static func create(_ checked: Checked, request: TriageRequest, bookedBy: UUID, on db: any Database) async throws -> (UUID, String) {
        let token = SecretToken.generate()
        let consultation = VideoConsultation(
            organisationID: request.handlerID, clinicianID: try checked.clinician.requireID(), requestID: try request.requireID(),
            patientName: request.patientName, patientDateOfBirth: request.dateOfBirth, slotAt: checked.slot, bookedByID: bookedBy, now: Date())
        try await db.writeTransaction { tx in
            try await consultation.create(on: tx)
            request.status = TriageStatus.booked
            request.bookingMode = BookingMode.video
            try await request.save(on: tx)
            try await VideoLink(
                consultationID: consultation.requireID(), tokenDigest: SecretToken.digest(token), participant: .patient, label: nil,
                now: Date()
            )
            .create(on: tx)
        }
        return (try consultation.requireID(), token)
    }

    /// "2026-11-26" and "14:30" on the London clock.
    static func slot(date: String, time: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_GB_POSIX")
        formatter.timeZone = .london
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.date(from: "\(date.trimmingCharacters(in: .whitespaces)) \(time.trimmingCharacters(in: .whitespaces))")
    }

    /// "14:30 on Thursday 26 November".
    static func describe(_ slot: Date) -> String { UKTime.clockAndWeekday(slot) }
}
