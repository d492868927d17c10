import Domain
import Fluent
import Foundation
import Plot
import Vapor

/// The pages of a video consultation: the patient's (or guest's) by link, the clinician's, and the clinician's forms.
enum VideoPageController {
    /// The patient's page: pre-call check, waiting room and call. A bad link gets a plain page saying why.
    @Sendable static func patient(req: Request) async throws -> HTML {
        let admission = try await VideoSignalController.byLink(req, forPage: true)
        let model = try await VideoPatient.Model.load(admission, token: try req.parameter(.videoToken), on: req.db)
        if admission.needsDateOfBirth { return VideoPatient.Verify.View(model: model, errors: [], chrome: req.pageChrome).html }
        return VideoPatient.View(model: model, chrome: req.pageChrome).html
    }

    /// The clinician's page: who waits, the call, guests, switch to phone, end.
    @Sendable static func clinician(req: Request) async throws -> HTML {
        let admission = try await VideoSignalController.byStaff(req)
        try await req.audit(.videoOpened, recordType: "video_consultation", recordID: admission.consultation.uuidString)
        return try await clinicianPage(admission.consultation, req: req, guestLink: nil, errors: [])
    }

    /// A guest (interpreter, carer): a link of their own. A call holds three people, so one guest at a time.
    @Sendable static func addGuest(req: Request) async throws -> Response {
        let admission = try await VideoSignalController.byStaff(req)
        struct Form: Content { var label: String? }
        let label = (try? req.content.decode(Form.self).label)?.trimmingCharacters(in: .whitespaces) ?? ""
        guard !label.isEmpty, label.count <= 80 else {
            let errors = [FormError(field: "label", message: "Say who the guest is, such as Interpreter (Polish), in up to 80 characters")]
            return .page(
                try await clinicianPage(admission.consultation, req: req, guestLink: nil, errors: errors), status: .unprocessableEntity)
        }
        let token = SecretToken.generate()
        let existing = try await VideoLink.query(on: req.db).filter(\.$consultationID == admission.consultation).filter(
            \.$participant != "patient"
        ).count()
        guard existing == 0 else {
            let errors = [
                FormError(
                    field: "label", message: "This call already has a guest: a call holds three people, the patient, you and one guest")
            ]
            return .page(
                try await clinicianPage(admission.consultation, req: req, guestLink: nil, errors: errors), status: .unprocessableEntity)
        }
        try await req.db.writeTransaction { tx in
            try await VideoLink(
                consultationID: admission.consultation, tokenDigest: SecretToken.digest(token), participant: .guest(1), label: label,
                now: Date()
            )
            .create(on: tx)
        }
        try await req.audit(.videoGuestAdded, recordType: "video_consultation", recordID: admission.consultation.uuidString, detail: label)
        let link = req.application.appConfig.publicBaseURL + SiteURL.videoJoin(token: token).path
        return .page(try await clinicianPage(admission.consultation, req: req, guestLink: link, errors: []), status: .ok)
    }

    /// "Switch to phone": the change is recorded with the number called, and the request goes on as a phone consultation.
    @Sendable static func switchToPhone(req: Request) async throws -> Response {
        let admission = try await VideoSignalController.byStaff(req)
        struct Form: Content { var phone: String? }
        let phone = (try? req.content.decode(Form.self).phone)?.trimmingCharacters(in: .whitespaces) ?? ""
        guard phone.count >= 6, phone.count <= 20, phone.allSatisfy({ $0.isNumber || " +()-".contains($0) }) else {
            let errors = [FormError(field: "phone", message: "Enter the number you will call, such as 07700 900123")]
            return .page(
                try await clinicianPage(admission.consultation, req: req, guestLink: nil, errors: errors), status: .unprocessableEntity)
        }
        try await VideoOutcomes.finish(admission.consultation, move: .switchToPhone, phone: phone, req: req)
        try await req.audit(.videoSwitchedToPhone, recordType: "video_consultation", recordID: admission.consultation.uuidString)
        return req.redirect(to: SiteURL.consultationCall(id: admission.consultation).path, redirectType: .normal)
    }

    /// Ends the consultation with an outcome, which flows into the request (closed and written back, or back to triage).
    @Sendable static func end(req: Request) async throws -> Response {
        let admission = try await VideoSignalController.byStaff(req)
        struct Form: Content { var outcome: String? }
        guard let outcome = (try? req.content.decode(Form.self).outcome).flatMap(ConsultationOutcome.init(rawValue:)),
            outcome != .switchedToPhone
        else {
            let errors = [FormError(field: "outcome", message: "Choose the outcome of the consultation")]
            return .page(
                try await clinicianPage(admission.consultation, req: req, guestLink: nil, errors: errors), status: .unprocessableEntity)
        }
        try await VideoOutcomes.finish(admission.consultation, move: .end(outcome), phone: nil, req: req)
        try await req.audit(
            .videoEnded, recordType: "video_consultation", recordID: admission.consultation.uuidString, detail: outcome.rawValue)
        return req.redirect(to: SiteURL.consultationCall(id: admission.consultation).path, redirectType: .normal)
    }

    /// The clinician's page of consultation `id`, with a guest's new link or a refused form's errors.
    static func clinicianPage(_ id: UUID, req: Request, guestLink: String?, errors: [FormError]) async throws -> HTML {
        let model = try await VideoClinician.Model.load(id, guestLink: guestLink, errors: errors, on: req.db)
        return VideoClinician.View(model: model, chrome: req.pageChrome).html
    }
}
