import Foundation

/// The kinds of organisation that hold an ODS code, from a GP practice up to the national team.
public enum OrganisationKind: String, CaseIterable, Codable, Sendable {
    case practice, branch, pcn, hub
    case outOfHours = "ooh"
    case urgentCare = "ucc"
    case subICB = "sub_icb"
    case icb, national

    /// The name staff use for this kind of organisation.
    public var displayName: String {
        switch self {
        case .practice: "GP practice"
        case .branch: "Branch surgery"
        case .pcn: "Primary care network"
        case .hub: "Hub"
        case .outOfHours: "Out-of-hours service"
        case .urgentCare: "Urgent care centre"
        case .subICB: "Sub-ICB location (CCG)"
        case .icb: "Integrated care board"
        case .national: "National"
        }
    }

    /// How a code of this kind is written, said so that someone can fix a typo.
    var expectedFormat: String {
        switch self {
        case .practice: "A GP practice code is a letter and five digits, such as L81008."
        case .branch: "A branch surgery code is its practice code and three digits, such as L81008001."
        case .pcn: "A primary care network code is U and five digits, such as U12345."
        case .subICB: "A sub-ICB location (CCG) code is two digits and a letter, such as 15N, or five letters and digits."
        case .icb: "An integrated care board code is Q and two letters or digits, such as QHG."
        case .hub: "A hub code is 3 to 9 letters and digits, such as NLO10."
        case .outOfHours: "An out-of-hours service code is 3 to 9 letters and digits, such as NLO10."
        case .urgentCare: "An urgent care centre code is 3 to 9 letters and digits, such as RYJ01."
        case .national: "A national organisation code is 3 to 9 letters and digits, such as X26."
        }
    }

    /// Whether an upper-cased, trimmed code has the shape of this kind.
    func accepts(_ code: String) -> Bool {
        let characters = Array(code)
        switch self {
        case .practice:
            return characters.count == 6 && characters[0].isODSLetter && characters[1...].allSatisfy(\.isODSDigit)
        case .branch:
            return characters.count == 9 && characters[0].isODSLetter && characters[1...].allSatisfy(\.isODSDigit)
        case .pcn:
            return characters.count == 6 && characters[0] == "U" && characters[1...].allSatisfy(\.isODSDigit)
        case .subICB:
            let oldCCG = characters.count == 3 && characters[0...1].allSatisfy(\.isODSDigit) && characters[2].isODSLetter
            let fiveCharacter = characters.count == 5 && characters.allSatisfy(\.isODSAlphanumeric)
            return oldCCG || fiveCharacter
        case .icb:
            return characters.count == 3 && characters[0] == "Q" && characters[1...].allSatisfy(\.isODSAlphanumeric)
        case .hub, .outOfHours, .urgentCare, .national:
            return (3...9).contains(characters.count) && characters.allSatisfy(\.isODSAlphanumeric)
        }
    }
}

/// An Organisation Data Service code, such as L81008 for a GP practice: upper-case and trimmed.
public struct ODSCode: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    /// The code, upper-cased and trimmed.
    public let value: String

    /// Checks `text` against the format of one kind of organisation.
    public init(_ text: String, kind: OrganisationKind) throws(ODSCodeError) {
        let code = Self.normalise(text)
        guard !code.isEmpty else { throw .empty }
        guard kind.accepts(code) else { throw .wrongFormat(kind: kind, code: code) }
        value = code
    }

    /// Accepts any code of 3 to 9 letters and digits, for files that mix kinds of organisation.
    public init(anyKind text: String) throws(ODSCodeError) {
        let code = Self.normalise(text)
        guard !code.isEmpty else { throw .empty }
        guard (3...9).contains(code.count), code.allSatisfy(\.isODSAlphanumeric) else {
            throw .wrongFormat(kind: nil, code: code)
        }
        value = code
    }

    public var description: String { value }

    public static func < (lhs: ODSCode, rhs: ODSCode) -> Bool { lhs.value < rhs.value }

    private static func normalise(_ text: String) -> String {
        text.trimmingCharacters(in: .whitespacesAndNewlines).uppercased()
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            try self.init(anyKind: text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.message)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}

/// Why a typed ODS code was refused.
public enum ODSCodeError: Error, Equatable, Sendable {
    case empty
    case wrongFormat(kind: OrganisationKind?, code: String)

    /// What to tell the person who typed it.
    public var message: String {
        switch self {
        case .empty:
            "Enter the organisation's ODS code."
        case .wrongFormat(let kind?, let code):
            "\(code) is not a valid code. \(kind.expectedFormat)"
        case .wrongFormat(nil, let code):
            "\(code) is not a valid ODS code. An ODS code is 3 to 9 letters and digits, such as L81008."
        }
    }
}

extension Character {
    fileprivate var isODSLetter: Bool { asciiValue.map { (65...90).contains($0) } ?? false }
    fileprivate var isODSDigit: Bool { asciiValue.map { (48...57).contains($0) } ?? false }
    fileprivate var isODSAlphanumeric: Bool { isODSLetter || isODSDigit }
}
