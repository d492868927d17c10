import Foundation

extension SignalMessage: Codable {
    /// Reads one message from a browser's socket: refuses text over `maximumMessageBytes`, anything but a JSON object,
    /// an unknown `type`, a missing or mistyped field, and values over their limits. Fields it does not know (and a
    /// `from`, which only the server sets) are ignored.
    public static func decode(_ text: String) throws(SignalError) -> SignalMessage {
        try SignalMessage(wire: SignalWire.read(text))
    }

    /// The message as JSON text, keys sorted.
    public func encoded() -> String { SignalWire(self, from: nil).json() }

    public init(from decoder: any Decoder) throws {
        self = try SignalMessage(wire: SignalWire(from: decoder))
    }

    public func encode(to encoder: any Encoder) throws {
        try SignalWire(self, from: nil).encode(to: encoder)
    }

    /// Checks the fields that `type` needs and builds the message.
    init(wire: SignalWire) throws(SignalError) {
        guard let type = wire.type else { throw .missingType }
        func required<Value>(_ value: Value?, _ field: String) throws(SignalError) -> Value {
            guard let value else { throw .missingField(type: type, field: field) }
            return value
        }
        func participant() throws(SignalError) -> VideoParticipant {
            let id = try required(wire.to, "to")
            guard let participant = VideoParticipant(id: id) else { throw .unknownParticipant(id) }
            return participant
        }
        func sdp() throws(SignalError) -> String {
            let sdp = try required(wire.sdp, "sdp")
            if sdp.utf8.count > Self.maximumSDPBytes { throw .sdpTooLarge(bytes: sdp.utf8.count) }
            return sdp
        }
        switch type {
        case "offer": self = .offer(to: try participant(), sdp: try sdp())
        case "answer": self = .answer(to: try participant(), sdp: try sdp())
        case "candidate":
            let to = try participant()
            let candidate = try required(wire.candidate, "candidate")
            let bytes = candidate.candidate.utf8.count + (candidate.sdpMid?.utf8.count ?? 0)
            if bytes > Self.maximumCandidateBytes { throw .candidateTooLarge(bytes: bytes) }
            self = .candidate(to: to, candidate: candidate)
        case "join": self = .join
        case "leave": self = .leave
        case "admit": self = .admit
        case "sendBack": self = .sendBack
        case "runningLate":
            let text = try required(wire.text, "text")
            if text.count > Self.maximumRunningLateCharacters { throw .runningLateTooLong(characters: text.count) }
            self = .runningLate(text: text)
        case "mute":
            self = .mute(audioMuted: try required(wire.audioMuted, "audioMuted"), videoMuted: try required(wire.videoMuted, "videoMuted"))
        case "end":
            let raw = try required(wire.outcome, "outcome")
            guard let outcome = ConsultationOutcome(rawValue: raw) else { throw .unknownOutcome(raw) }
            self = .end(outcome: outcome)
        default: throw .unknownType(type)
        }
    }
}

extension RelayedSignal: Codable {
    /// Reads a relayed message (from another app instance, or in a test standing in for a browser): the same rules
    /// as `SignalMessage.decode`, and `from` must name a participant.
    public static func decode(_ text: String) throws(SignalError) -> RelayedSignal {
        let wire = try SignalWire.read(text)
        let message = try SignalMessage(wire: wire)
        guard let id = wire.from else { throw .missingField(type: message.type, field: "from") }
        guard let from = VideoParticipant(id: id) else { throw .unknownParticipant(id) }
        return RelayedSignal(from: from, message: message)
    }

    /// The message's JSON with `from` beside its fields, keys sorted.
    public func encoded() -> String { SignalWire(message, from: from).json() }

    public init(from decoder: any Decoder) throws {
        let wire = try SignalWire(from: decoder)
        let message = try SignalMessage(wire: wire)
        guard let id = wire.from else { throw SignalError.missingField(type: message.type, field: "from") }
        guard let from = VideoParticipant(id: id) else { throw SignalError.unknownParticipant(id) }
        self.init(from: from, message: message)
    }

    public func encode(to encoder: any Encoder) throws {
        try SignalWire(message, from: from).encode(to: encoder)
    }
}

/// Every field any signalling message may carry, flat as on the wire; which ones a message needs depends on `type`.
struct SignalWire: Codable {
    var type: String?
    var from: String?
    var to: String?
    var sdp: String?
    var candidate: ICECandidate?
    var text: String?
    var audioMuted: Bool?
    var videoMuted: Bool?
    var outcome: String?

    init(_ message: SignalMessage, from: VideoParticipant?) {
        type = message.type
        self.from = from?.id
        to = message.recipient?.id
        switch message {
        case .offer(_, let sdp), .answer(_, let sdp): self.sdp = sdp
        case .candidate(_, let candidate): self.candidate = candidate
        case .runningLate(let text): self.text = text
        case .mute(let audio, let video): (audioMuted, videoMuted) = (audio, video)
        case .end(let outcome): self.outcome = outcome.rawValue
        case .join, .leave, .admit, .sendBack: break
        }
    }

    /// Parses text from a socket, turning every way it can fail into a `SignalError`.
    static func read(_ text: String) throws(SignalError) -> SignalWire {
        let bytes = text.utf8.count
        if bytes > SignalMessage.maximumMessageBytes { throw .tooLarge(bytes: bytes) }
        do {
            return try JSONDecoder().decode(SignalWire.self, from: Data(text.utf8))
        } catch let error as DecodingError {
            throw refusal(error, in: text)
        } catch {
            throw .notJSONObject
        }
    }

    /// The `SignalError` for a decoding failure: the field that was missing or of the wrong kind, named by its path.
    private static func refusal(_ error: DecodingError, in text: String) -> SignalError {
        let type = (try? JSONDecoder().decode(TypeOnly.self, from: Data(text.utf8)))?.type ?? "signalling"
        switch error {
        case .keyNotFound(let key, let context):
            return .missingField(type: type, field: path(context.codingPath + [key]))
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            if context.codingPath.isEmpty { return .notJSONObject }
            if path(context.codingPath) == "type" { return .invalidField(type: "signalling", field: "type") }
            return .invalidField(type: type, field: path(context.codingPath))
        @unknown default:
            return .notJSONObject
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.map(\.stringValue).joined(separator: ".")
    }

    /// The `type` alone, to name the message in an error about another field.
    private struct TypeOnly: Decodable { var type: String }

    /// The wire JSON, keys sorted so that the same message always reads the same.
    func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(self)) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
