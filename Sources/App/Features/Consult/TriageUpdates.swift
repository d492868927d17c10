import Domain
import Fluent
import Foundation
import Vapor

/// The checked changes staff make to a request, written on `db` (the caller's write transaction); each returns a short
/// audit detail without patient identifiers.
struct TriageUpdates {
    let req: Request
    let staff: StaffContext
    let request: TriageRequest
    let db: any Database

    /// What a change did: its audit detail, and a message to the patient queued for sending once the change commits.
    struct Applied: Sendable {
        var detail: String
        var queuedMessage: PatientMessage?
        /// What the audit row calls the change.
        var action: AuditAction = .requestChanged
    }

    private func problem(_ field: String, _ message: String) -> ValidationProblem {
        ValidationProblem(errors: [FormError(field: field, message: message)])
    }

    func apply(_ action: TriageAction, _ form: TriageRequestController.ActionForm) async throws -> Applied {
        switch action {
        case .claim: return Applied(detail: "claimed")
        case .assign: return Applied(detail: try await assign(form))
        case .update: return Applied(detail: try await update(form))
        case .note: return Applied(detail: try await note(form))
        case .route: return Applied(detail: try await route(form))
        case .message: return try await message(form)
        case .close: return Applied(detail: try await close(form))
        case .confirmMobile: return try await confirmMobile()
        case .confirmIdentity: return try await confirmIdentity()
        }
    }

    /// The mobile number checked by a call to the patient: links may go to it from now on.
    private func confirmMobile() async throws -> Applied {
        guard request.mobile != nil else { throw problem("mobile", "The patient gave no mobile number to confirm") }
        guard !request.mobileVerified else { throw problem("mobile", "The mobile number is confirmed already") }
        request.mobileVerifiedAt = Date()
        request.mobileVerifiedByID = try staff.person.requireID()
        try await request.save(on: db)
        return Applied(detail: "mobile number confirmed by phone", action: .mobileVerified)
    }

    /// The patient checked against the record: who did it and when are kept on the request.
    private func confirmIdentity() async throws -> Applied {
        guard !request.identityConfirmed else { throw problem("identity", "The patient is confirmed against the record already") }
        request.identityConfirmedAt = Date()
        request.identityConfirmedByID = try staff.person.requireID()
        try await request.save(on: db)
        return Applied(detail: "identity confirmed against the record", action: .identityConfirmed)
    }

    private func assign(_ form: TriageRequestController.ActionForm) async throws -> String {
        guard let id = form.assignee.flatMap(UUID.init(uuidString:)) else { throw problem("assignee", "Choose who should deal with this request") }
        let engaged = try await Engagement.query(on: db).filter(\.$person.$id == id)
            .filter(\.$organisation.$id == request.handlerID).all().contains { $0.isActive(on: staff.today) }
        guard engaged else { throw problem("assignee", "That person does not work for \(staff.actingOrganisation.name) today") }
        request.assigneeID = id
        try await request.save(on: db)
        return "assigned"
    }

    private func update(_ form: TriageRequestController.ActionForm) async throws -> String {
        var changes: [String] = []
        if let text = form.urgency, !text.isEmpty {
            guard let urgency = Urgency(rawValue: text) else { throw problem("urgency", "Choose an urgency from the list") }
            let changed = urgency != request.urgency
            request.urgency = urgency
            request.priority = TriageRequest.priority(redFlagged: request.redFlagged, urgency: urgency)
            changes.append("urgency \(urgency.rawValue)")
            if changed, let code = try await Organisation.find(request.handlerID, on: db)?.odsCode {
                changes.append(try await repromise(handlerCode: code))
            }
        }
        if let text = form.status, !text.isEmpty, text != request.status.rawValue {
            guard let status = TriageStatus(rawValue: text), status != .closed else { throw problem("status", "Choose a status from the list; to close, use Close with an outcome") }
            guard request.status.canMove(to: status) else {
                throw problem("status", "A request that is \(request.status.displayName.lowercased()) cannot go to \(status.displayName.lowercased())")
            }
            if status == .booked {
                guard let mode = form.bookingMode.flatMap(BookingMode.init(rawValue:)) else { throw problem("bookingMode", "Choose how the patient is booked: video, phone or face to face") }
                request.bookingMode = mode
            }
            request.status = status
            changes.append("status \(status.rawValue)")
        }
        guard !changes.isEmpty else { throw problem("urgency", "Nothing was changed: choose a new urgency or status") }
        try await request.save(on: db)
        return changes.joined(separator: ", ")
    }

    private func note(_ form: TriageRequestController.ActionForm) async throws -> String {
        let text: String
        do { text = try FreeText.clean(form.note ?? "", limit: 2000) } catch { throw problem("note", error.message) }
        guard !text.isEmpty else { throw problem("note", "Write the note first") }
        let note = RequestNote()
        note.$request.id = try request.requireID()
        note.authorID = try staff.person.requireID()
        note.text = text
        note.createdAt = Date()
        try await note.create(on: db)
        return "note added"
    }

    /// Route to a hub or OOH service working for the patient's practice today, or back to the practice.
    private func route(_ form: TriageRequestController.ActionForm) async throws -> String {
        let code = (form.organisation ?? "").uppercased()
        let choices = try await TriageRouting.choices(for: request, on: db, today: staff.today)
        guard let target = choices.first(where: { $0.odsCode == code }), let targetID = target.id else {
            throw problem("organisation", "Choose a service that works for this practice today")
        }
        request.handlerID = targetID
        request.assigneeID = nil
        if request.status != .closed { request.status = TriageStatus.new }
        let promise = try await repromise(handlerCode: target.odsCode)
        try await request.save(on: db)
        return "routed to \(target.odsCode), \(promise)"
    }

    private func repromise(handlerCode: String) async throws -> String {
        try await request.workOutPromiseAgain(handlerCode: handlerCode, now: Date(), app: req.application, on: db)
    }

    /// Queues the message (with a reply link if its text asks for one); it is handed to the transport after the commit.
    private func message(_ form: TriageRequestController.ActionForm) async throws -> Applied {
        guard let channel = OutgoingMessage.Channel(rawValue: form.channel ?? "") else { throw problem("channel", "Choose text message or email") }
        var text = form.body ?? ""
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, let id = form.template.flatMap(UUID.init(uuidString:)),
            let template = try await MessageTemplateRecord.query(on: db).filter(\.$id == id).filter(\.$organisationID == request.handlerID).first()
        {
            text = template.body
        }
        do { text = try FreeText.clean(text, limit: 1000) } catch { throw problem("body", error.message) }
        guard !text.isEmpty else { throw problem("body", "Choose a template or write the message") }
        let practice = try await Organisation.find(request.practiceID, on: db)
        var values = ["name": request.givenName, "practice": practice?.name ?? "your practice", "reference": request.reference]
        let wantsLink = MessageTemplate.placeholders(in: text).contains { $0.lowercased().replacingOccurrences(of: " ", with: "") == "reply_link" }
        if wantsLink, channel == .sms, !request.mobileVerified { throw problem("channel", UnverifiedMobile.refusal("a reply link")) }
        if wantsLink { values["reply_link"] = try await ReplyLinks.issue(for: request, on: db, baseURL: req.application.appConfig.publicBaseURL) }
        let body: String
        do { body = try MessageTemplate.render(text, values: values) } catch { throw problem("body", error.message) }
        let queued = try await Messenger(request: req).queue(body, channel: channel, about: request, from: staff.person.id, on: db)
        if wantsLink, request.status.canMove(to: .waitingForPatient) {
            request.status = TriageStatus.waitingForPatient
            try await request.save(on: db)
        }
        return Applied(detail: "message \(channel.rawValue) queued", queuedMessage: queued)
    }

    private func close(_ form: TriageRequestController.ActionForm) async throws -> String {
        guard let outcome = form.outcome.flatMap(Outcome.init(rawValue:)) else { throw problem("outcome", "Choose the outcome before closing") }
        guard request.status.canMove(to: .closed) else { throw problem("outcome", "Claim the request before closing it") }
        let note: String
        do { note = try FreeText.clean(form.outcomeNote ?? "", limit: 2000) } catch { throw problem("outcomeNote", error.message) }
        request.outcome = outcome
        request.outcomeNote = note.isEmpty ? nil : note
        request.status = TriageStatus.closed
        request.closedAt = Date()
        request.closedByID = staff.person.id
        try await request.save(on: db)
        return "closed \(outcome.rawValue)"
    }
}

/// Where a request can be routed: the patient's practice and the services working for it today.
enum TriageRouting {
    static func choices(for request: TriageRequest, on db: any Database, today: CalendarDay) async throws -> [Organisation] {
        let agreements = try await SharingAgreement.query(on: db).filter(\.$practice.$id == request.practiceID).all().filter { $0.isActive(on: today) }
        let ids = [request.practiceID] + agreements.map { $0.$provider.id }
        return try await Organisation.query(on: db).filter(\.$id ~~ ids).filter(\.$id != request.handlerID).sort(\.$name).all()
    }
}
