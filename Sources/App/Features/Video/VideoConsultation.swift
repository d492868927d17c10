import Domain
import Fluent
import Foundation

/// A video consultation booked with one clinician at one time, from a triage request or on its own.
final class VideoConsultation: Model, @unchecked Sendable {
    static let schema = "video_consultations"

    /// `VideoCallState.name` as stored; an ended call's outcome is a column of its own.
    enum StateName: String, Sendable, StoredText {
        case booked, waiting, inCall, ended
    }

    // managed fields
    @ID(key: .id) var id: UUID?
    @Field(key: "created_at") var createdAt: Date

    // data fields
    /// What the clinician's page and the waiting room call the patient; never sent to another patient.
    @Field(key: "patient_name") var patientName: String
    @Field(key: "slot_at") var slotAt: Date
    @Typed(key: "state") var state: StateName
    /// Set once ended, and only then.
    @OptionalTyped(key: "outcome") var outcome: ConsultationOutcome?
    /// When the patient first reached the waiting room (kept when they come back), for their place in line.
    @OptionalField(key: "arrived_at") var arrivedAt: Date?
    /// The clinician's "running late" message to the patients waiting for them.
    @OptionalField(key: "running_late") var runningLate: String?
    /// The number the clinician called after "switch to phone".
    @OptionalField(key: "phone_number") var phoneNumber: String?
    /// For a booking made without a request: where the link went (channel and address) and what the messaging
    /// service said, in words. A booking from a request keeps its message with the request.
    @OptionalTyped(key: "invite_channel") var inviteChannel: OutgoingMessage.Channel?
    @OptionalField(key: "invite_recipient") var inviteRecipient: String?
    @OptionalField(key: "invite_status") var inviteStatus: String?
    /// When the clinician first admitted the patient, and when the consultation ended (M026): its length, for the
    /// activity figures. Calls ended before these were recorded have neither.
    @OptionalField(key: "call_started_at") var callStartedAt: Date?
    @OptionalField(key: "ended_at") var endedAt: Date?
    /// What the patient's link asks before the page shows anything: from the request, or typed by staff when booking
    /// without one. Nil only on consultations booked before M023 without a request.
    @OptionalTyped(key: "patient_date_of_birth") var patientDateOfBirth: CalendarDay?

    // relationships
    @Field(key: "organisation_id") var organisationID: UUID
    @Field(key: "clinician_id") var clinicianID: UUID
    @OptionalField(key: "request_id") var requestID: UUID?
    @Field(key: "booked_by_id") var bookedByID: UUID

    init() {}

    init(
        organisationID: UUID, clinicianID: UUID, requestID: UUID?, patientName: String, patientDateOfBirth: CalendarDay? = nil, slotAt: Date,
        bookedByID: UUID, now: Date
    ) {
        self.patientDateOfBirth = patientDateOfBirth
        self.organisationID = organisationID
        self.clinicianID = clinicianID
        self.requestID = requestID
        self.patientName = patientName
        self.slotAt = slotAt
        self.bookedByID = bookedByID
        self.state = .booked
        self.createdAt = now
    }

    /// The stored state as the Domain rules see it. Loading checks that state and outcome agree, and `set` writes
    /// them together, so the fallback is never reached.
    var callState: VideoCallState {
        VideoCallState(name: state.rawValue, outcome: outcome) ?? .booked
    }

    /// Stores `newState` (and its outcome), and the time of the first admission and of the end.
    func set(_ newState: VideoCallState, at now: Date = Date()) {
        switch newState {
        case .booked: state = .booked
        case .waiting: state = .waiting
        case .inCall:
            state = .inCall
            if callStartedAt == nil { callStartedAt = now }
        case .ended:
            state = .ended
            endedAt = now
        }
        outcome = newState.outcome
    }

    /// Fluent's loading of each column, then a check that state and outcome make a `VideoCallState`: an ended call
    /// without an outcome, or an outcome before the end, is a `StoredValueError` rather than a booked call.
    func output(from output: any DatabaseOutput) throws {
        for property in properties.compactMap({ $0 as? any AnyDatabaseProperty }) {
            try property.output(from: output)
        }
        guard output.contains("state"), output.contains("outcome"), $state.value != nil else { return }
        guard VideoCallState(name: state.rawValue, outcome: outcome) != nil else {
            throw StoredValueError(
                table: Self.schema, row: id, column: "state",
                value: "\(state.rawValue) with outcome \(outcome?.rawValue ?? "none")")
        }
    }
}

/// One person's link into a consultation: the patient's, or a guest's (interpreter, carer), each its own token,
/// stored as a digest and working only in the window around the slot.
final class VideoLink: Model, @unchecked Sendable {
    static let schema = "video_links"

    @ID(key: .id) var id: UUID?
    @Field(key: "consultation_id") var consultationID: UUID
    @Field(key: "token_digest") var tokenDigest: String
    /// `VideoParticipant.id`: "patient" or "guest-<n>".
    @Field(key: "participant") var participant: String
    /// Who a guest is, as the clinician wrote it ("Interpreter (Polish)").
    @OptionalField(key: "label") var label: String?
    @Field(key: "created_at") var createdAt: Date
    /// Wrong dates of birth typed on the patient's link; the third locks it (`lockedAt`).
    @Field(key: "failed_attempts") var failedAttempts: Int
    @OptionalField(key: "locked_at") var lockedAt: Date?
    /// Digest of the cookie given once the date of birth matched, and until when it opens the call.
    @OptionalField(key: "unlock_digest") var unlockDigest: String?
    @OptionalField(key: "unlocked_until") var unlockedUntil: Date?

    init() {}

    init(consultationID: UUID, tokenDigest: String, participant: VideoParticipant, label: String?, now: Date) {
        self.failedAttempts = 0
        self.consultationID = consultationID
        self.tokenDigest = tokenDigest
        self.participant = participant.id
        self.label = label
        self.createdAt = now
    }
}
