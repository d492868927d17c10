import Domain
import Foundation
import Vapor

/// GOV.UK Notify over its HTTP API: JWT (HS256, iss = service id, iat = now) per request; 429 and 5xx retried with back-off.
struct NotifyTransport: MessageTransport {
    let client: any Client
    let apiKey: NotifyAPIKey
    let baseURL: String
    let smsTemplateID: String
    let emailTemplateID: String
    /// The email template for staff (duty alerts): its subject line speaks to a clinician, not a patient.
    let staffEmailTemplateID: String
    let logger: Logger
    var retryDelays: [Duration] = [.milliseconds(200), .milliseconds(800), .seconds(2)]

    var name: String { "notify" }

    struct SMSBody: Content {
        var phone_number: String
        var template_id: String
        var personalisation: [String: String]
        var reference: String
    }

    struct EmailBody: Content {
        var email_address: String
        var template_id: String
        var personalisation: [String: String]
        var reference: String
    }

    struct Created: Content { var id: String }
    struct ErrorBody: Content {
        struct Item: Content { var error: String; var message: String }
        var status_code: Int?
        var errors: [Item]?
    }
    struct StatusBody: Content { var status: String }

    private func authorization() -> HTTPHeaders {
        var headers = HTTPHeaders()
        headers.bearerAuthorization = .init(token: NotifyJWT.token(serviceID: apiKey.serviceID, secret: apiKey.secret, issuedAt: Date()))
        headers.contentType = .json
        headers.add(name: .userAgent, value: "surgery-anywhere")
        return headers
    }

    func send(_ message: OutgoingMessage) async throws -> TransportResult {
        let path = message.channel == .sms ? "/v2/notifications/sms" : "/v2/notifications/email"
        let personalisation = ["body": message.body]
        var attempt = 0
        while true {
            let response = try await client.post(URI(string: baseURL + path), headers: authorization()) { outgoing in
                switch message.channel {
                case .sms: try outgoing.content.encode(SMSBody(phone_number: message.recipient, template_id: smsTemplateID, personalisation: personalisation, reference: message.reference))
                case .email: try outgoing.content.encode(EmailBody(email_address: message.recipient, template_id: message.toStaff ? staffEmailTemplateID : emailTemplateID, personalisation: personalisation, reference: message.reference))
                }
            }
            switch response.status.code {
            case 200..<300:
                let created = try response.content.decode(Created.self)
                return .accepted(id: created.id, status: .sending)
            case 429, 500..<600:
                guard attempt < retryDelays.count else {
                    return .permanentFailure("Notify kept answering \(response.status.code) after \(attempt + 1) tries; send it again later.")
                }
                logger.info("Notify answered \(response.status.code); retrying", metadata: ["attempt": "\(attempt + 1)"])
                try await Task.sleep(for: retryDelays[attempt])
                attempt += 1
            default:
                let detail = (try? response.content.decode(ErrorBody.self))?.errors?.first.map { "\($0.error): \($0.message)" }
                return .permanentFailure("Notify refused the message (\(response.status.code))\(detail.map { ": \($0)" } ?? ""). Check the number or address.")
            }
        }
    }

    func status(of id: String) async throws -> (PatientMessage.Status, String?) {
        let response = try await client.get(URI(string: baseURL + "/v2/notifications/\(id)"), headers: authorization())
        guard response.status == .ok else { return (.sending, nil) }
        let status = try response.content.decode(StatusBody.self).status
        switch status {
        case "delivered": return (.delivered, nil)
        case "permanent-failure": return (.permanentFailure, "The phone number or address does not exist or cannot take messages.")
        case "temporary-failure": return (.failed, "The phone was off or the inbox full; Notify gave up for now.")
        case "technical-failure": return (.failed, "Notify had a technical problem; send it again.")
        default: return (.sending, nil)
        }
    }
}
