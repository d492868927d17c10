import Foundation

/// Where one video consultation stands: booked, the patient waiting, in the call (and back to waiting when the
/// clinician sends them back), then ended with an outcome. A switch to phone ends the video part with the outcome
/// `.switchedToPhone`.
public enum VideoCallState: Sendable, Hashable {
    case booked
    case waiting
    case inCall
    case ended(ConsultationOutcome)

    /// The most people in one call: every browser sends its media to every other (a mesh), which a phone on a
    /// mobile connection manages for three.
    public static let maximumParticipants = 3

    /// The state after `move`, or the reason the move is not allowed from here.
    public func applying(_ move: VideoCallMove) throws(VideoCallError) -> VideoCallState {
        if case .ended(let outcome) = self { throw .alreadyEnded(outcome) }
        switch (move, self) {
        case (.arrive, .booked): return .waiting
        case (.arrive, .waiting): throw .alreadyWaiting
        case (.arrive, _), (.admit, .inCall): throw .alreadyInCall
        case (.leave, .waiting): return .booked
        case (.leave, .inCall): throw .stillInCall
        case (.admit, .waiting): return .inCall
        case (.admit, _), (.leave, _): throw .notArrived
        case (.sendBack, .inCall): return .waiting
        case (.sendBack, _): throw .notInCall
        case (.switchToPhone, _): return .ended(.switchedToPhone)
        case (.end(.switchedToPhone), _): throw .useSwitchToPhone
        case (.end(.didNotAttend), .booked): return .ended(.didNotAttend)
        case (.end(.didNotAttend), _): throw .patientAttended
        case (.end(let outcome), .booked): throw .patientNotSeen(outcome)
        case (.end(let outcome), _): return .ended(outcome)
        }
    }

    /// Whether `move` is allowed from here.
    public func canApply(_ move: VideoCallMove) -> Bool {
        (try? applying(move)) != nil
    }

    /// Whether `joiner` may take a place in the call's media room, given who is already in it. Someone already in the
    /// room (a reconnect) keeps their place. The clinician may open the room before admitting; the patient only once
    /// admitted; a guest only while the call is on; and never more than `maximumParticipants` at once.
    public func checkJoin(_ joiner: VideoParticipant, present: Set<VideoParticipant>) throws(VideoCallError) {
        if case .ended(let outcome) = self { throw .alreadyEnded(outcome) }
        if present.contains(joiner) { return }
        switch joiner {
        case .clinician: break
        case .patient: if self != .inCall { throw .notAdmitted }
        case .guest: if self != .inCall { throw .callNotStarted }
        }
        if present.count >= Self.maximumParticipants { throw .roomFull }
    }

    public var isEnded: Bool {
        if case .ended = self { return true }
        return false
    }

    /// The outcome once ended; nil before.
    public var outcome: ConsultationOutcome? {
        if case .ended(let outcome) = self { return outcome }
        return nil
    }

    /// The name stored in the database beside `outcome`: `booked`, `waiting`, `inCall` or `ended`.
    public var name: String {
        switch self {
        case .booked: "booked"
        case .waiting: "waiting"
        case .inCall: "inCall"
        case .ended: "ended"
        }
    }

    /// Reads a stored `name` and `outcome` back; nil when they do not make a state (`ended` needs an outcome, the
    /// others have none).
    public init?(name: String, outcome: ConsultationOutcome?) {
        switch (name, outcome) {
        case ("booked", nil): self = .booked
        case ("waiting", nil): self = .waiting
        case ("inCall", nil): self = .inCall
        case ("ended", let outcome?): self = .ended(outcome)
        default: return nil
        }
    }

    public var displayName: String {
        switch self {
        case .booked: "Booked"
        case .waiting: "Waiting"
        case .inCall: "In call"
        case .ended(let outcome): "Ended: \(outcome.displayName)"
        }
    }
}

/// Something that happens to a video consultation.
public enum VideoCallMove: Sendable, Hashable {
    /// The patient enters the waiting room.
    case arrive
    /// The patient leaves the waiting room before being admitted (closes the page).
    case leave
    /// The clinician brings the patient into the call.
    case admit
    /// The clinician sends the patient back to the waiting room.
    case sendBack
    /// The clinician carries on by phone: the change is recorded and the video part ends.
    case switchToPhone
    /// The clinician ends the consultation with an outcome.
    case end(ConsultationOutcome)
}
