import Domain
import Fluent
import Foundation
import Vapor

/// One message on its way out.
struct OutgoingMessage: Sendable {
    enum Channel: String, Sendable, StoredText { case sms, email }
    var channel: Channel
    var recipient: String
    var body: String
    /// Our own reference, echoed back by Notify.
    var reference: String
    /// To a member of staff (a duty alert), not a patient: Notify sends it with the staff email template.
    var toStaff = false
}

/// What a transport said about a message.
enum TransportResult: Sendable, Equatable {
    case accepted(id: String, status: PatientMessage.Status)
    case permanentFailure(String)
}

/// A way to reach patients: the demo outbox, or GOV.UK Notify.
protocol MessageTransport: Sendable {
    var name: String { get }
    func send(_ message: OutgoingMessage) async throws -> TransportResult
    /// The latest delivery status of a message sent earlier, with a detail for staff.
    func status(of id: String) async throws -> (PatientMessage.Status, String?)
}

/// Keeps messages in the database and shows them on the outbox page; nothing leaves the server.
struct OutboxTransport: MessageTransport {
    var name: String { "outbox" }
    func send(_ message: OutgoingMessage) async throws -> TransportResult { .accepted(id: UUID().uuidString, status: .delivered) }
    func status(of id: String) async throws -> (PatientMessage.Status, String?) { (.delivered, "shown in the outbox") }
}

/// How the server sends messages, chosen by the configuration.
enum MessagingConfig: Sendable, Equatable {
    case outbox
    case notify(apiKey: NotifyAPIKey, baseURL: String, smsTemplateID: String, emailTemplateID: String, staffEmailTemplateID: String)
}

/// Sends a message to a request's patient through the configured transport and records it.
struct Messenger {
    let request: Request

    var transport: any MessageTransport { Self.transport(for: request.application, logger: request.logger) }

    /// The configured transport: the demo outbox, or GOV.UK Notify (also for work outside a request, such as alerts).
    static func transport(for app: Application, logger: Logger) -> any MessageTransport {
        switch app.appConfig.messaging {
        case .outbox: OutboxTransport()
        case .notify(let key, let base, let sms, let email, let staffEmail):
            NotifyTransport(
                client: app.client, apiKey: key, baseURL: base, smsTemplateID: sms, emailTemplateID: email,
                staffEmailTemplateID: staffEmail, logger: logger)
        }
    }

    /// Stores the message first (so nothing is lost), then hands it to the transport and records what it said.
    func send(_ body: String, channel: OutgoingMessage.Channel, about triage: TriageRequest, from sender: UUID?) async throws -> PatientMessage {
        let message = try await queue(body, channel: channel, about: triage, from: sender, on: request.db)
        try await deliver(message, about: triage)
        return message
    }

    /// Stores the message as queued on `db` (the caller's transaction, so it commits with the change that wrote it).
    func queue(
        _ body: String, channel: OutgoingMessage.Channel, about triage: TriageRequest, from sender: UUID?, on db: any Database
    ) async throws -> PatientMessage {
        let recipient = channel == .sms ? triage.mobile : triage.email
        guard let recipient, !recipient.isEmpty else {
            throw ValidationProblem(errors: [FormError(field: "channel", message: channel == .sms ? "The patient gave no mobile number: send an email instead." : "The patient gave no email address: send a text message instead.")])
        }
        let message = PatientMessage()
        message.$request.id = try triage.requireID()
        message.organisationID = triage.handlerID
        message.sentByID = sender
        message.direction = .outbound
        message.channel = channel == .sms ? .sms : .email
        message.recipient = recipient
        message.body = body
        message.status = PatientMessage.Status.queued
        message.createdAt = Date()
        try await message.create(on: db)
        return message
    }

    /// Hands a queued message to the transport and saves what it said; with `audited`, the audit row saying so is
    /// written in the same transaction. `storedBody` replaces the text kept once a real transport has it (a code).
    func deliver(_ message: PatientMessage, about triage: TriageRequest, audited: Bool = false, storedBody: String? = nil) async throws {
        let transport = transport
        message.transport = transport.name
        let channel: OutgoingMessage.Channel
        switch message.channel {
        case .sms: channel = .sms
        case .email: channel = .email
        case .reply:
            throw StoredValueError(
                table: PatientMessage.schema, row: message.id, column: "channel", value: message.channel.rawValue)
        }
        let body = message.body
        do {
            let outgoing = OutgoingMessage(
                channel: channel, recipient: message.recipient ?? "", body: body, reference: message.id?.uuidString ?? triage.reference)
            switch try await transport.send(outgoing) {
            case .accepted(let id, let status):
                message.transportID = id
                message.status = status
                message.sentAt = Date()
            case .permanentFailure(let detail):
                message.status = PatientMessage.Status.permanentFailure
                message.statusDetail = detail
            }
        } catch {
            message.status = PatientMessage.Status.failed
            message.statusDetail = "Could not reach the messaging service; try again later."
            request.logger.warning("Message transport failed", metadata: ["transport": "\(transport.name)", "error": "\(error)"])
        }
        if transport.name != OutboxTransport().name {
            // the demo outbox shows the message as sent, link and all; a real transport has it, so the database keeps no token
            message.body = storedBody ?? ReplyLinks.redact(body)
        }
        let record = audited
            ? request.auditRecord(.messageSent, recordType: "triage_request", recordID: triage.reference, detail: "\(channel.rawValue) \(message.status.rawValue)")
            : nil
        let app = request.application
        try await request.db.writeTransaction { tx in
            try await message.save(on: tx)
            if let record { try await app.auditTrail.append(record, within: tx) }
        }
    }

    /// Asks the transport again about messages still on their way.
    func refreshStatuses(_ messages: [PatientMessage]) async {
        for message in messages where message.status == .sending {
            guard let id = message.transportID, message.transport == transport.name,
                let (status, detail) = try? await transport.status(of: id), status != message.status
            else { continue }
            message.status = status
            message.statusDetail = detail
            try? await message.save(on: request.db)
        }
    }
}
