import Foundation

/// Why a signalling message was refused.
public enum SignalError: Error, Equatable, Sendable {
    case tooLarge(bytes: Int)
    case notJSONObject
    case missingType
    case unknownType(String)
    case missingField(type: String, field: String)
    case invalidField(type: String, field: String)
    case unknownParticipant(String)
    case sdpTooLarge(bytes: Int)
    case candidateTooLarge(bytes: Int)
    case runningLateTooLong(characters: Int)
    case unknownOutcome(String)
    case clinicianOnly(type: String, sender: VideoParticipant)
    case addressedToSender(VideoParticipant)

    /// What to write in the log and in the socket's close reason.
    public var message: String {
        switch self {
        case .tooLarge(let bytes):
            "A signalling message can be at most \(SignalMessage.maximumMessageBytes) bytes; this one is \(bytes)."
        case .notJSONObject:
            "A signalling message must be a JSON object such as {\"type\":\"join\"}."
        case .missingType:
            "The signalling message has no \"type\": use one of \(Self.typeList)."
        case .unknownType(let type):
            "\"\(type)\" is not a signalling message type: use one of \(Self.typeList)."
        case .missingField(let type, let field):
            "The \"\(type)\" message needs \"\(field)\"."
        case .invalidField(let type, let field):
            "The \"\(field)\" field of the \"\(type)\" message has the wrong kind of value."
        case .unknownParticipant(let id):
            "\"\(id)\" is not a participant: use patient, clinician or guest-1 to guest-\(VideoParticipant.highestGuestNumber)."
        case .sdpTooLarge(let bytes):
            "A session description can be at most \(SignalMessage.maximumSDPBytes) bytes; this one is \(bytes)."
        case .candidateTooLarge(let bytes):
            "An ICE candidate can be at most \(SignalMessage.maximumCandidateBytes) bytes; this one is \(bytes)."
        case .runningLateTooLong(let characters):
            "A running-late message can be at most \(SignalMessage.maximumRunningLateCharacters) characters; "
                + "this one has \(characters). Shorten it."
        case .unknownOutcome(let outcome):
            "\"\(outcome)\" is not a consultation outcome: use one of "
                + ConsultationOutcome.allCases.map(\.rawValue).joined(separator: ", ") + "."
        case .clinicianOnly(let type, let sender):
            "Only the clinician can send \"\(type)\"; \(sender) cannot."
        case .addressedToSender(let sender):
            "A message from \(sender) cannot be addressed to \(sender)."
        }
    }

    private static var typeList: String { SignalMessage.types.joined(separator: ", ") }
}
