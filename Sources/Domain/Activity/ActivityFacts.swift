import Foundation

/// What the activity figures need to know of one online request: no patient, no words, only times and kinds.
public struct RequestFact: Sendable, Hashable {
    public var receivedAt: Date
    public var category: RequestCategory
    public var channel: RequestChannel
    public var urgency: Urgency
    /// The patient answered yes to a red flag, saw the 999/111 advice, and sent the request anyway.
    public var redFlagged: Bool
    /// The first time someone at the practice claimed it or changed it, if anyone has.
    public var firstTriagedAt: Date?
    /// Set once closed.
    public var outcome: Outcome?

    public init(
        receivedAt: Date, category: RequestCategory, channel: RequestChannel, urgency: Urgency, redFlagged: Bool,
        firstTriagedAt: Date?, outcome: Outcome?
    ) {
        self.receivedAt = receivedAt
        self.category = category
        self.channel = channel
        self.urgency = urgency
        self.redFlagged = redFlagged
        self.firstTriagedAt = firstTriagedAt
        self.outcome = outcome
    }

    /// Seconds from arrival to the first human triage; nil while nobody has triaged it, or for a clock that went back.
    public var secondsToFirstTriage: Double? {
        guard let firstTriagedAt, firstTriagedAt >= receivedAt else { return nil }
        return firstTriagedAt.timeIntervalSince(receivedAt)
    }
}

/// What the activity figures need to know of one video consultation, counted on the day of its slot.
public struct VideoFact: Sendable, Hashable {
    public var slotAt: Date
    /// When the clinician first admitted the patient into the call; nil if they never were.
    public var callStartedAt: Date?
    /// When the consultation ended, by any outcome.
    public var endedAt: Date?
    public var outcome: ConsultationOutcome?

    public init(slotAt: Date, callStartedAt: Date?, endedAt: Date?, outcome: ConsultationOutcome?) {
        self.slotAt = slotAt
        self.callStartedAt = callStartedAt
        self.endedAt = endedAt
        self.outcome = outcome
    }

    /// Held: the patient was admitted to the call, or the clinician ended it with a clinical outcome.
    public var wasHeld: Bool { callStartedAt != nil || (outcome?.patientWasSeen ?? false) }

    /// Seconds from admission to the end; nil unless both are known.
    public var lengthSeconds: Double? {
        guard let callStartedAt, let endedAt, endedAt >= callStartedAt else { return nil }
        return endedAt.timeIntervalSince(callStartedAt)
    }
}

/// The request form's counts for one practice on one UK day that no request row holds: red-flag advice shown, and
/// forms refused (the practice closed to online requests) or throttled (one client sending too many).
public struct FormTally: Sendable, Hashable {
    public var day: CalendarDay
    public var adviceShown: Int
    public var refused: Int
    public var throttled: Int

    public init(day: CalendarDay, adviceShown: Int = 0, refused: Int = 0, throttled: Int = 0) {
        self.day = day
        self.adviceShown = adviceShown
        self.refused = refused
        self.throttled = throttled
    }
}
