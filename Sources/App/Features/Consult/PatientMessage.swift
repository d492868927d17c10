import Domain
import Fluent
import Foundation

/// A message to or from the patient about a request.
final class PatientMessage: Model, @unchecked Sendable {
    static let schema = "patient_messages"

    /// Where a message stands with its transport.
    enum Status: String, Sendable, StoredText {
        case queued, sending, delivered, failed, permanentFailure = "permanent-failure", received
    }

    /// Which way a message went.
    enum Direction: String, Sendable, StoredText {
        /// To the patient.
        case outbound
        /// A reply from the patient.
        case inbound
    }

    /// Why a message went when it is not part of the conversation about the request; such messages stay out of the
    /// record's summary and FHIR bundle.
    enum Purpose: String, Sendable, StoredText {
        /// The code that checks the patient's mobile number.
        case mobileCheck = "mobile-check"
    }

    /// How a message went: by text or email to the patient, or as the patient's reply through a reply link.
    enum Channel: String, Sendable, StoredText {
        case sms, email, reply
    }

    // managed fields
    @ID(key: .id) var id: UUID?
    @Field(key: "created_at") var createdAt: Date

    // data fields
    @Typed(key: "direction") var direction: Direction
    /// `.sms` or `.email` for outbound; `.reply` for inbound.
    @Typed(key: "channel") var channel: Channel
    @OptionalField(key: "recipient") var recipient: String?
    @Field(key: "body") var body: String
    @Typed(key: "status") var status: Status
    @OptionalField(key: "status_detail") var statusDetail: String?
    /// The transport that carried it ("outbox" or "notify") and its id there.
    @OptionalField(key: "transport") var transport: String?
    @OptionalField(key: "transport_id") var transportID: String?
    @OptionalField(key: "sent_at") var sentAt: Date?
    /// Nil for the conversation itself.
    @OptionalTyped(key: "purpose") var purpose: Purpose?

    // relationships
    @Parent(key: "request_id") var request: TriageRequest
    @Field(key: "organisation_id") var organisationID: UUID
    @OptionalField(key: "sent_by_id") var sentByID: UUID?

    init() {}
}

/// A practice's message wording with ((placeholders)).
final class MessageTemplateRecord: Model, @unchecked Sendable {
    static let schema = "message_templates"

    // managed fields
    @ID(key: .id) var id: UUID?

    // data fields
    @Field(key: "name") var name: String
    @Field(key: "body") var body: String

    // relationships
    @Field(key: "organisation_id") var organisationID: UUID

    init() {}

    init(organisationID: UUID, name: String, body: String) {
        self.organisationID = organisationID
        self.name = name
        self.body = body
    }
}

/// A link that lets the patient reply: long random token stored hashed, 7 days, date of birth checked.
final class ReplyLink: Model, @unchecked Sendable {
    static let schema = "reply_links"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Field(key: "created_at") var createdAt: Date

    // data fields
    @Field(key: "token_digest") var tokenDigest: String
    @Field(key: "expires_at") var expiresAt: Date
    @Field(key: "failed_attempts") var failedAttempts: Int
    @OptionalField(key: "locked_at") var lockedAt: Date?
    /// Digest of the short-lived cookie given after the date of birth matched.
    @OptionalField(key: "unlock_digest") var unlockDigest: String?
    @OptionalField(key: "unlocked_until") var unlockedUntil: Date?
    @OptionalField(key: "used_at") var usedAt: Date?

    // relationships
    @Parent(key: "request_id") var request: TriageRequest

    init() {}
}
