import Domain
import Fluent
import Foundation
import Vapor

/// Checks and stores a patient's request: one request per form however often it is sent.
struct TriageRequestIntake {
    static let descriptionLimit = 5000
    static let maximumPhotos = 5

    let db: any Database
    let events: EventBus
    let writer: TriageRequestWriter
    /// Checks the screen's proof.
    let box: SecretBox

    /// The request stored (or found, when this form was sent before), or every problem with the form. `admit` runs
    /// once the form has passed its checks and before anything is stored (the per-client throttle): what it throws
    /// stops the request. `clientDigest` is stored with it (see `Request.clientDigest`).
    /// `verified`: what NHS login vouched for; when it verifies this request (P9, about the patient themselves) its NHS
    /// number, name and date of birth replace what the form says, and the request is marked identity-verified.
    func submit(
        _ form: TriageRequestForm, to online: OnlinePractice, clientDigest: String? = nil, now: Date = Date(),
        verified: VerifiedPatient? = nil, admit: (Checked) async throws -> Void = { _ in }
    ) async throws -> TriageRequest {
        let submission = (form.submission ?? "").trimmingCharacters(in: .whitespaces)
        guard submission.count >= 20, submission.count <= 100 else {
            throw ValidationProblem(errors: [FormError(field: "submission", message: "This form is out of date. Start again from the practice's page.")])
        }
        let checked: Checked
        do {
            checked = try check(form, today: CalendarDay(now))
        } catch {
            // a form sent again after it was stored is answered with the stored request, not with its problems
            if let existing = try await TriageRequest.query(on: db).filter(\.$submissionKey == submission).first() { return existing }
            throw error
        }
        let practice = online.practice
        let screened: ScreenProof
        do {
            screened = try Self.verifyScreen(form, practice: practice, now: now, box: box)
        } catch {
            // a stored form sent again after its proof went stale is answered with its request, not "start again"
            if let existing = try await TriageRequest.query(on: db).filter(\.$submissionKey == submission).first() { return existing }
            throw error
        }
        let practiceID = try practice.requireID()
        let capacity = online.capacity
        let state = capacity.intake(at: now)
        if case .closed(let reason) = state, !online.acceptsWhenClosed {
            throw ValidationProblem(errors: [FormError(field: "practice", message: reason.message)])
        }
        try await admit(checked)
        let requestID = UUID()
        let request = TriageRequest()
        request.id = requestID
        request.reference = Self.newReference()
        request.submissionKey = submission
        request.kind = checked.kind
        request.adminTopic = checked.adminTopic
        request.description = checked.description
        request.redFlags = StoredList(checked.redFlags.sorted { $0.rawValue < $1.rawValue })
        request.redFlagged = !checked.redFlags.isEmpty
        request.subject = screened.subject
        request.channel = screened.subject == .me ? .patient : .proxy
        request.screenVersion = screened.version
        // any answer of yes, a 999 one or a "today" one, is urgent: a reply the same day
        request.urgency = (checked.redFlags.isEmpty ? Urgency.routine : .today)
        request.priority = TriageRequest.priority(redFlagged: request.redFlagged, urgency: request.urgency)
        request.status = TriageStatus.new
        request.receivedAt = now
        request.replyBy = capacity.replyBy(receivedAt: now, urgency: request.urgency)
        request.receivedWhileClosed = state != .open
        request.givenName = checked.patient.givenName
        request.familyName = checked.patient.familyName
        request.dateOfBirth = checked.patient.dateOfBirth
        request.nhsNumber = checked.patient.nhsNumber?.digits
        request.postcode = checked.patient.postcode
        request.sex = checked.patient.sex
        request.mobile = checked.patient.mobileE164
        request.email = checked.patient.email
        request.contactPreference = checked.patient.contactPreference
        request.bestTimes = checked.patient.bestTimes
        if let verified, verified.verifies(subject: screened.subject.rawValue) {
            request.givenName = verified.givenName ?? request.givenName
            request.familyName = verified.familyName ?? request.familyName
            request.dateOfBirth = verified.dateOfBirth ?? request.dateOfBirth
            request.nhsNumber = verified.nhsNumber
            request.identityConfirmedAt = now
            request.identityVerifiedBy = "NHS login (\(verified.level.name))"
        }
        request.practiceID = practiceID
        request.handlerID = practiceID
        request.clientDigest = clientDigest
        let photos = checked.photos.map { RequestPhoto(requestID: requestID, format: $0.0, bytes: $0.1, source: "request", at: now) }
        var stored = false
        for _ in 0..<3 {
            stored = try await writer.store(request, photos: photos, on: db)
            if stored { break }
            // a form sent twice at once: the other copy is the request
            if let existing = try await TriageRequest.query(on: db).filter(\.$submissionKey == submission).first() { return existing }
            request.reference = Self.newReference()  // the reference was drawn twice: draw again
        }
        guard stored else { throw Abort(.serviceUnavailable, reason: "Your request could not be stored just now. Please send it again; you will not get two.") }
        try? await events.publish(QueueEvent.changed(handlerID: practiceID, requestID: request.id), on: db)
        return request
    }

    /// The screen's proof for this form: who it is for, its flags, its version, signed by this server for this form's
    /// key within `ScreenProof.lifetime`; else a `ValidationProblem` sending the patient back to the questions.
    static func verifyScreen(_ form: TriageRequestForm, practice: Organisation, now: Date, box: SecretBox) throws -> ScreenProof {
        let flags = (form.redFlags ?? "").split(separator: ",").compactMap { RedFlag(rawValue: String($0)) }
        do {
            return try ScreenProof.verify(
                form.screenProof, practiceCode: practice.odsCode, submission: (form.submission ?? "").trimmingCharacters(in: .whitespaces),
                subject: form.subject.flatMap(RequestSubject.init(rawValue:)), flags: flags, version: form.screenVersion, now: now, box: box)
        } catch {
            throw ValidationProblem(errors: [FormError(field: "screen", message: error.message)])
        }
    }

    /// Everything checked, or a `ValidationProblem` naming every bad field.
    struct Checked {
        /// The mobile number (E.164) and email address given, by which the throttle also counts.
        var contacts: [String] { [patient.mobileE164, patient.email].compactMap { $0 } }
        var kind: RequestKind
        var adminTopic: AdminTopic?
        var description: String
        var redFlags: [RedFlag]
        var patient: PatientDetails
        var photos: [(ImageFormat, [UInt8])]
    }

    func check(_ form: TriageRequestForm, today: CalendarDay) throws -> Checked {
        var errors: [FormError] = []
        let kind = RequestKind(rawValue: form.kind ?? "")
        if kind == nil { errors.append(.init(field: "kind", message: "Choose whether this is about a medical problem or an admin request")) }
        var topic: AdminTopic?
        if kind == .admin {
            topic = AdminTopic(rawValue: form.adminTopic ?? "")
            if topic == nil { errors.append(.init(field: "adminTopic", message: "Choose what the admin request is about")) }
        }
        var description = ""
        do {
            description = try FreeText.clean(form.description ?? "", limit: Self.descriptionLimit)
            if description.isEmpty { errors.append(.init(field: "description", message: "Tell us what you need help with, in your own words")) }
        } catch {
            errors.append(.init(field: "description", message: error.message))
        }
        let flags = (form.redFlags ?? "").split(separator: ",").map(String.init)
        let redFlags = flags.compactMap(RedFlag.init(rawValue:))
        if redFlags.count != flags.count { errors.append(.init(field: "redFlags", message: "This form is out of date. Start again from the practice's page.")) }
        let input = PatientDetailsInput(
            givenName: form.givenName, familyName: form.familyName, dateOfBirth: form.dateOfBirthText, nhsNumber: form.nhsNumber,
            postcode: form.postcode, sex: form.sex, mobile: form.mobile, email: form.email, contactPreference: form.contactPreference, bestTimes: form.bestTimes, consent: form.consent)
        var patient: PatientDetails?
        switch input.validate(today: today) {
        case .success(let details): patient = details
        case .failure(let problems):
            errors += problems.problems.map { FormError(field: $0.field == .dateOfBirth ? "dobDay" : $0.field.rawValue, message: $0.message) }
        }
        let photos = PatientPhotos.check(form.photos ?? [], errors: &errors)
        guard errors.isEmpty, let kind, let patient else { throw ValidationProblem(errors: errors) }
        return Checked(kind: kind, adminTopic: topic, description: description, redFlags: redFlags, patient: patient,
                       photos: photos)
    }

    /// "RQ-" and six characters without look-alikes; 30 bits, unique in the table.
    static func newReference() -> String {
        let alphabet = Array("ABCDEFGHJKMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return "RQ-" + String((0..<6).map { _ in alphabet.randomElement(using: &generator)! })
    }
}

/// Live events of the triage queues.
enum QueueEvent {
    static func topic(_ organisationID: UUID) -> String { "queue:\(organisationID.uuidString)" }

    static func changed(handlerID: UUID, requestID: UUID?) -> LiveEvent {
        LiveEvent(topic: topic(handlerID), body: requestID?.uuidString ?? "")
    }
}
