import Domain
import Fluent
import Foundation

/// An alert to a practice's duty clinician about one request, for one reason (`DutyAlertReason`): sent once, kept so
/// that it is never sent twice, and listed on the duty alerts page.
final class DutyAlert: Model, @unchecked Sendable {
    static let schema = "duty_alerts"

    /// What became of the email to the duty clinician.
    enum EmailStatus: String, Sendable, StoredText {
        /// Stored, not yet handed to the transport.
        case queued
        case sent
        /// The transport refused it or could not be reached; the queue's banner still shows the alert.
        case failed
        /// The practice names no duty clinician (or the one named no longer works there): nobody was emailed.
        case noClinician = "no-clinician"
    }

    // managed fields
    @ID(key: .id) var id: UUID?
    @Field(key: "alerted_at") var alertedAt: Date

    // data fields
    @Typed(key: "reason") var reason: DutyAlertReason
    @Typed(key: "email_status") var emailStatus: EmailStatus
    @OptionalField(key: "recipient") var recipient: String?
    /// The transport that carried the email ("outbox" or "notify") and its id there.
    @OptionalField(key: "transport") var transport: String?
    @OptionalField(key: "transport_id") var transportID: String?
    /// The email's words: reference, practice, how long, a link; no clinical detail.
    @Field(key: "body") var body: String

    // relationships
    @Field(key: "request_id") var requestID: UUID
    /// The organisation handling the request when the alert went.
    @Field(key: "organisation_id") var organisationID: UUID
    @OptionalField(key: "clinician_id") var clinicianID: UUID?

    init() {}

    init(request: TriageRequest, reason: DutyAlertReason, clinician: Person?, body: String, at now: Date) throws {
        self.id = UUID()
        self.requestID = try request.requireID()
        self.organisationID = request.handlerID
        self.reason = reason
        self.clinicianID = clinician?.id
        self.recipient = clinician?.email
        self.emailStatus = clinician == nil ? .noClinician : .queued
        self.body = body
        self.alertedAt = now
    }
}
