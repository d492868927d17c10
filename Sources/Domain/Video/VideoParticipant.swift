import Foundation

/// One person in a video consultation's room, as named on the signalling socket: `patient`, `clinician` or
/// `guest-<n>` (an interpreter or carer, numbered by the guest link they came in on, from 1 to 99).
public enum VideoParticipant: Hashable, Sendable, Comparable, CustomStringConvertible {
    case patient
    case clinician
    case guest(Int)

    /// The highest guest number; a consultation never needs more guest links than this.
    public static let highestGuestNumber = 99

    /// Reads `patient`, `clinician` or `guest-<n>`; nil for anything else, including `guest-0`, `guest-01` and
    /// `guest-100`.
    public init?(id: String) {
        switch id {
        case "patient": self = .patient
        case "clinician": self = .clinician
        default:
            guard id.hasPrefix("guest-") else { return nil }
            let digits = id.dropFirst("guest-".count)
            guard let first = digits.first, first != "0", digits.allSatisfy({ $0.isASCII && $0.isNumber }),
                let number = Int(digits), number <= Self.highestGuestNumber
            else { return nil }
            self = .guest(number)
        }
    }

    /// The name on the wire: `patient`, `clinician` or `guest-<n>`.
    public var id: String {
        switch self {
        case .patient: "patient"
        case .clinician: "clinician"
        case .guest(let number): "guest-\(number)"
        }
    }

    public var description: String { id }

    public var isGuest: Bool {
        if case .guest = self { return true }
        return false
    }

    /// Clinician first, then the patient, then guests by number: the order a participant list is shown in.
    public static func < (lhs: VideoParticipant, rhs: VideoParticipant) -> Bool {
        lhs.rank != rhs.rank ? lhs.rank < rhs.rank : lhs.guestNumber < rhs.guestNumber
    }

    private var rank: Int {
        switch self {
        case .clinician: 0
        case .patient: 1
        case .guest: 2
        }
    }

    private var guestNumber: Int {
        if case .guest(let number) = self { return number }
        return 0
    }
}

extension VideoParticipant: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let id = try container.decode(String.self)
        guard let participant = VideoParticipant(id: id) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "\"\(id)\" is not a participant: use patient, clinician or guest-1 to guest-99.")
        }
        self = participant
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(id)
    }
}
