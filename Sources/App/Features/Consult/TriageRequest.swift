import Domain
import Fluent
import Foundation
import Vapor

/// A patient's online request: what they said, who they are, and where it is in triage.
final class TriageRequest: Model, @unchecked Sendable {
    static let schema = "triage_requests"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Field(key: "received_at") var receivedAt: Date
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    // data fields
    /// Short code the patient and the practice quote, e.g. "RQ-7K3M9P".
    @Field(key: "reference") var reference: String
    /// The random key of the form that sent it: sending the same form twice makes one request.
    @Field(key: "submission_key") var submissionKey: String
    @Typed(key: "kind") var kind: RequestKind
    @OptionalTyped(key: "admin_topic") var adminTopic: AdminTopic?
    @Field(key: "description") var description: String
    /// The red flags the patient answered yes to, stored comma-separated.
    @Typed(key: "red_flags") var redFlags: StoredList<RedFlag>
    @Field(key: "red_flagged") var redFlagged: Bool
    /// Who the request is for, as the patient said before the red-flag questions.
    @Typed(key: "subject") var subject: RequestSubject
    /// The version of the red-flag screen (`RedFlagSet.version`) the request passed; nil for requests staff entered or
    /// sent before screens were versioned.
    @OptionalField(key: "screen_version") var screenVersion: String?
    @Typed(key: "urgency") var urgency: Urgency
    /// `TriageOrder.rank`: sorts the queue in the database, descending, then oldest first.
    @Field(key: "priority") var priority: Int
    @Typed(key: "status") var status: TriageStatus
    @Field(key: "reply_by") var replyBy: Date
    @Field(key: "received_while_closed") var receivedWhileClosed: Bool
    @OptionalTyped(key: "booking_mode") var bookingMode: BookingMode?
    @OptionalTyped(key: "outcome") var outcome: Outcome?
    @OptionalField(key: "outcome_note") var outcomeNote: String?
    @OptionalField(key: "closed_at") var closedAt: Date?
    @OptionalField(key: "claimed_at") var claimedAt: Date?
    /// A keyed digest of the client address it came from (never the address): many alike in an hour is a possible flood.
    @OptionalField(key: "client_digest") var clientDigest: String?
    /// Who filled in the form. The column defaults to "patient" (M024), which the intake writer's insert relies on.
    @Typed(key: "channel") var channel: RequestChannel

    // the patient
    @Field(key: "given_name") var givenName: String
    @Field(key: "family_name") var familyName: String
    @Typed(key: "date_of_birth") var dateOfBirth: CalendarDay
    @OptionalField(key: "nhs_number") var nhsNumber: String?
    /// Postcode and sex: asked from M023 on, so absent on older requests.
    @OptionalTyped(key: "postcode") var postcode: Postcode?
    @OptionalTyped(key: "sex") var sex: PatientSex?
    @OptionalField(key: "mobile") var mobile: String?
    /// When the mobile number was shown to be the patient's: by the code texted to it, or by staff on the phone
    /// (`mobileVerifiedByID` names them). Until then no link goes to it by text.
    @OptionalField(key: "mobile_verified_at") var mobileVerifiedAt: Date?
    @OptionalField(key: "mobile_verified_by_id") var mobileVerifiedByID: UUID?
    /// Who confirmed the patient against the record (PDS or the clinical system), and when; until then the request
    /// is "identity not verified".
    @OptionalField(key: "identity_confirmed_at") var identityConfirmedAt: Date?
    @OptionalField(key: "identity_confirmed_by_id") var identityConfirmedByID: UUID?
    /// Who vouched for the patient's identity when no member of staff did: "NHS login (P9)".
    @OptionalField(key: "identity_verified_by") var identityVerifiedBy: String?
    @OptionalField(key: "email") var email: String?
    @Typed(key: "contact_preference") var contactPreference: ContactPreference
    @OptionalField(key: "best_times") var bestTimes: String?

    // relationships
    /// The practice the patient wrote to.
    @Field(key: "practice_id") var practiceID: UUID
    /// Who handles it now: the practice, or a hub or OOH service it was routed to.
    @Field(key: "handler_id") var handlerID: UUID
    @OptionalField(key: "assignee_id") var assigneeID: UUID?
    @OptionalField(key: "closed_by_id") var closedByID: UUID?

    init() {
        channel = .patient
    }

    var redFlagSet: [RedFlag] { redFlags.elements }
    var patientName: String { "\(givenName) \(familyName)" }
    /// A mobile number was given and has been shown to be the patient's.
    var mobileVerified: Bool { mobile != nil && mobileVerifiedAt != nil }
    var identityConfirmed: Bool { identityConfirmedAt != nil }

    /// Narrows a query to a status filter: "open" (not closed), "all", or one status.
    static func filter(_ query: QueryBuilder<TriageRequest>, status: String?) throws -> QueryBuilder<TriageRequest> {
        switch status ?? "open" {
        case "open": return query.filter(\.$status != .closed)
        case "all": return query
        case let status:
            if let one = TriageStatus(rawValue: status) { return query.filter(\.$status == one) }
            throw Abort(.badRequest, reason: "status must be open, all, or one of \(TriageStatus.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    /// Queue priority: red flags first, then urgency (see `TriageOrder.rank`).
    static func priority(redFlagged: Bool, urgency: Urgency) -> Int {
        TriageOrder(redFlagged: redFlagged, urgency: urgency, receivedAt: .distantPast).rank
    }
}

/// A photo a patient sent, stripped of location data, kept in the database with its request.
final class RequestPhoto: Model, @unchecked Sendable {
    static let schema = "request_photos"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Field(key: "created_at") var createdAt: Date

    // data fields
    @Field(key: "content_type") var contentType: String
    @Field(key: "bytes") var bytes: Data
    /// "request" for the first form, "reply" for a later reply.
    @Field(key: "source") var source: String

    // relationships
    @Parent(key: "request_id") var request: TriageRequest

    init() {}

    /// A checked photo, its metadata already removed.
    init(requestID: UUID, format: ImageFormat, bytes: [UInt8], source: String, at date: Date) {
        self.id = UUID()
        self.$request.id = requestID
        self.contentType = format.mimeType
        self.bytes = Data(bytes)
        self.source = source
        self.createdAt = date
    }
}

/// A note staff write on a request; the patient never sees it.
final class RequestNote: Model, @unchecked Sendable {
    static let schema = "request_notes"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Field(key: "created_at") var createdAt: Date

    // data fields
    @Field(key: "text") var text: String

    // relationships
    @Parent(key: "request_id") var request: TriageRequest
    @Field(key: "author_id") var authorID: UUID

    init() {}
}

extension TriageRequest {
    /// Works out the promise again for the request's urgency and the hours of whoever now handles it (ODS code
    /// `handlerCode`): an urgent one ("today") by the close of the day from `now`; any other from when it arrived.
    /// Returns the audit words. Used when staff, or the API, change the urgency or route the request.
    func workOutPromiseAgain(handlerCode: String, now: Date, app: Application, on db: any Database) async throws -> String {
        let capacity = try await app.practiceDirectory.capacity(code: handlerCode, bankHolidays: app.bankHolidays, on: db)
        replyBy = capacity.replyBy(reworkedAt: now, receivedAt: receivedAt, urgency: urgency)
        return "reply promised by \(UKTime.sortable(replyBy))"
    }
}
