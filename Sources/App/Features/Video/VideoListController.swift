import Domain
import Fluent
import Foundation
import Plot
import Vapor

/// Today's video consultations of the organisation (the clinician's own first), and booking one without a request.
enum VideoListController {
    @Sendable static func index(req: Request) async throws -> HTML {
        try req.staff.require(.triageRequests)
        return try await page(req: req, form: VideoList.Form(), errors: [], sentLink: nil)
    }

    /// Books a consultation for a patient who has no online request: their name and a mobile number or email address.
    @Sendable static func book(req: Request) async throws -> Response {
        let staff = try req.staff
        try staff.require(.triageRequests)
        let form = try req.content.decode(VideoList.Form.self)
        let organisation = try staff.actingOrganisation.requireID()
        let clinicians = try await VideoBooking.clinicians(of: organisation, on: req.db, today: staff.today)
        let name = (form.patientName ?? "").trimmingCharacters(in: .whitespaces)
        let channel = OutgoingMessage.Channel(rawValue: form.channel ?? "") ?? .sms
        let typed = ((channel == .sms ? form.mobile : form.email) ?? "").trimmingCharacters(in: .whitespaces)
        let recipient = channel == .sms ? (PatientDetailsRules.ukMobile(typed) ?? "") : typed
        var errors: [FormError] = []
        if name.isEmpty || name.count > 120 { errors.append(FormError(field: "patientName", message: "Enter the patient's name")) }
        let born = CalendarDay(TriageRequestForm(dobDay: form.dobDay, dobMonth: form.dobMonth, dobYear: form.dobYear).dateOfBirthText)
        if born.map({ $0 > CalendarDay(Date()) }) ?? true {
            errors.append(FormError(field: "dobDay", message: "Enter the patient's date of birth, like 27 3 1984: their link asks for it"))
        }
        if channel == .sms, recipient.isEmpty {
            errors.append(FormError(field: "mobile", message: "Enter a UK mobile number, such as 07700 900123, or send the link by email"))
        }
        if channel == .email, !(recipient.contains("@") && recipient.contains(".") && recipient.count <= 254) {
            errors.append(FormError(field: "email", message: "Enter an email address, such as name@example.com, or send the link by text"))
        }
        let clinician = clinicians.first { $0.id?.uuidString == form.clinician }
        if clinician == nil { errors.append(FormError(field: "clinician", message: "Choose the clinician who will see the patient")) }
        let slot = VideoBooking.slot(date: form.date ?? "", time: form.time ?? "")
        if slot.map({ $0 < Date().addingTimeInterval(-15 * 60) }) ?? true {
            errors.append(FormError(field: "time", message: "Enter the day as 2026-11-26 and the time as 14:30, from now on"))
        }
        guard errors.isEmpty, let clinician, let slot else {
            return .page(try await page(req: req, form: form, errors: errors, sentLink: nil), status: .unprocessableEntity)
        }
        let token = SecretToken.generate()
        let consultation = VideoConsultation(
            organisationID: organisation, clinicianID: try clinician.requireID(), requestID: nil, patientName: name,
            patientDateOfBirth: born, slotAt: slot,
            bookedByID: try staff.person.requireID(), now: Date())
        consultation.inviteChannel = channel
        consultation.inviteRecipient = recipient
        consultation.inviteStatus = "queued"
        try await req.db.writeTransaction { tx in
            try await consultation.create(on: tx)
            try await VideoLink(
                consultationID: consultation.requireID(), tokenDigest: SecretToken.digest(token), participant: .patient, label: nil,
                now: Date()
            )
            .create(on: tx)
            try await req.audit(
                .videoBooked, recordType: "video_consultation", recordID: consultation.id?.uuidString,
                detail: "booked without a request at \(VideoBooking.describe(slot))", within: tx)
        }
        let link = req.application.appConfig.publicBaseURL + SiteURL.videoJoin(token: token).path
        let body =
            "\(staff.actingOrganisation.name): your video consultation is at \(VideoBooking.describe(slot)). Open this link from 30 minutes "
            + "before (it works on a phone, nothing to install; the call is not recorded): \(link)"
        consultation.inviteStatus = await VideoInvitation.send(
            body, channel: channel, to: recipient, reference: try consultation.requireID().uuidString, req: req)
        try await consultation.save(on: req.db)
        let demo = req.application.appConfig.messaging == .outbox
        return .page(try await page(req: req, form: VideoList.Form(), errors: [], sentLink: demo ? link : nil), status: .ok)
    }

    /// The page: load it, record the consultations it shows, render it.
    static func page(req: Request, form: VideoList.Form, errors: [FormError], sentLink: String?) async throws -> HTML {
        let model = try await VideoList.Model.load(
            form: form, errors: errors, sentLink: sentLink, for: try req.staff, now: Date(), on: req.db)
        try await req.auditListViewed(
            "video consultations", recordType: "video_consultation", shown: model.consultations.compactMap { $0.id?.uuidString })
        return VideoList.View(model: model, chrome: req.pageChrome).html
    }
}

/// Sends a video link to a patient who has no request, through the configured transport; returns what it said.
enum VideoInvitation {
    static func send(_ body: String, channel: OutgoingMessage.Channel, to recipient: String, reference: String, req: Request) async
        -> String
    {
        let transport = Messenger(request: req).transport
        do {
            switch try await transport.send(OutgoingMessage(channel: channel, recipient: recipient, body: body, reference: reference)) {
            case .accepted(_, let status): return status.rawValue
            case .permanentFailure(let detail): return "not sent: \(detail)"
            }
        } catch {
            req.logger.warning("video invitation not sent", metadata: ["transport": "\(transport.name)", "error": "\(error)"])
            return "not sent: the messaging service could not be reached"
        }
    }
}
