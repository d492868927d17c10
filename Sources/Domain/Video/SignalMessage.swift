import Foundation

/// One message on a video consultation's signalling WebSocket, as JSON with a `type` field. The server relays
/// `offer`, `answer` and `candidate` to the participant named in `to`, and the rest to everyone in the room, stamped
/// with the sender (`RelayedSignal`).
///
/// ```
/// {"type":"offer","to":"patient","sdp":"v=0…"}
/// {"type":"candidate","to":"guest-1","candidate":{"candidate":"candidate:1 1 udp …","sdpMid":"0","sdpMLineIndex":0}}
/// {"type":"runningLate","text":"Running about 15 minutes late, sorry."}
/// {"type":"mute","audioMuted":true,"videoMuted":false}
/// {"type":"end","outcome":"adviceGiven"}
/// ```
public enum SignalMessage: Sendable, Hashable {
    case offer(to: VideoParticipant, sdp: String)
    case answer(to: VideoParticipant, sdp: String)
    case candidate(to: VideoParticipant, candidate: ICECandidate)
    /// The sender's browser is ready to call and be called.
    case join
    /// The sender is leaving the room.
    case leave
    /// The clinician brings the patient into the call.
    case admit
    /// The clinician sends the patient back to the waiting room.
    case sendBack
    /// The clinician's message to everyone waiting; empty text takes the message down.
    case runningLate(text: String)
    /// The sender's microphone and camera state, so that the others can show it.
    case mute(audioMuted: Bool, videoMuted: Bool)
    /// The clinician ends the consultation.
    case end(outcome: ConsultationOutcome)

    /// The largest message the server reads: an SDP at its limit with room for the JSON around it.
    public static let maximumMessageBytes = 70 * 1024
    /// The largest session description in an offer or answer; a real one with audio and video is a few KiB.
    public static let maximumSDPBytes = 64 * 1024
    /// The largest ICE candidate line; a real one is under 200 bytes.
    public static let maximumCandidateBytes = 4 * 1024
    public static let maximumRunningLateCharacters = 200

    /// Every `type` the server understands.
    public static let types = ["offer", "answer", "candidate", "join", "leave", "admit", "sendBack", "runningLate", "mute", "end"]

    /// The `type` field on the wire.
    public var type: String {
        switch self {
        case .offer: "offer"
        case .answer: "answer"
        case .candidate: "candidate"
        case .join: "join"
        case .leave: "leave"
        case .admit: "admit"
        case .sendBack: "sendBack"
        case .runningLate: "runningLate"
        case .mute: "mute"
        case .end: "end"
        }
    }

    /// The one participant this message is for, or nil when it goes to everyone in the room.
    public var recipient: VideoParticipant? {
        switch self {
        case .offer(let to, _), .answer(let to, _), .candidate(let to, _): to
        case .join, .leave, .admit, .sendBack, .runningLate, .mute, .end: nil
        }
    }

    /// True for the messages only the clinician may send: they run the consultation.
    public var isClinicianOnly: Bool {
        switch self {
        case .admit, .sendBack, .runningLate, .end: true
        case .offer, .answer, .candidate, .join, .leave, .mute: false
        }
    }

    /// Whether `sender` may send this message: the clinician runs the consultation, and nobody addresses themself.
    public func check(sender: VideoParticipant) throws(SignalError) {
        if isClinicianOnly && sender != .clinician { throw .clinicianOnly(type: type, sender: sender) }
        if recipient == sender { throw .addressedToSender(sender) }
    }
}

/// A network address the sender's browser can be reached at, as `RTCIceCandidate.toJSON()` gives it. An empty
/// `candidate` marks the end of the candidates.
public struct ICECandidate: Sendable, Hashable, Codable {
    public var candidate: String
    public var sdpMid: String?
    public var sdpMLineIndex: Int?

    public init(candidate: String, sdpMid: String? = nil, sdpMLineIndex: Int? = nil) {
        self.candidate = candidate
        self.sdpMid = sdpMid
        self.sdpMLineIndex = sdpMLineIndex
    }
}

/// A message as the server passes it on: the message and its sender, which the server stamps from the socket it came
/// in on (never from what the browser wrote). On the wire, the message's fields with `from` beside them.
public struct RelayedSignal: Sendable, Hashable {
    public var from: VideoParticipant
    public var message: SignalMessage

    public init(from: VideoParticipant, message: SignalMessage) {
        self.from = from
        self.message = message
    }
}
