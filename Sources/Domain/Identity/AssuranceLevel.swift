import Foundation

/// How sure a sign-in is of who is there, as NHS CIS2 says it in the ID token's `acr` claim: AAL1 (a password),
/// AAL2 (two factors: password and authenticator code, Windows Hello), AAL3 (a hardware key: smartcard, security key).
public enum AssuranceLevel: Int, Sendable, Comparable, CaseIterable, Codable {
    case aal1 = 1, aal2, aal3

    /// What sign-in asks for unless a pool or action needs more.
    public static let standard = AssuranceLevel.aal2

    /// Reads an `acr` value: `AAL3`, and CIS2's longer forms such as `AAL3_ANY` or `AAL2_OR_ABOVE`; nil for anything
    /// else, which counts as no assurance at all.
    public init?(acr: String) {
        let text = acr.trimmingCharacters(in: .whitespaces).uppercased()
        guard text.hasPrefix("AAL"), text.count >= 4 else { return nil }
        let digit = text[text.index(text.startIndex, offsetBy: 3)]
        guard let number = digit.wholeNumberValue, let level = AssuranceLevel(rawValue: number) else { return nil }
        let rest = text.dropFirst(4)
        guard rest.isEmpty || rest.hasPrefix("_") else { return nil }
        self = level
    }

    /// The short name, as stored and shown: `AAL2`.
    public var name: String { "AAL\(rawValue)" }

    /// The `acr_values` sent to ask for this level or higher.
    public var requestValue: String {
        switch self {
        case .aal1: "AAL1_OR_ABOVE"
        case .aal2: "AAL2_OR_ABOVE"
        case .aal3: "AAL3_ANY"
        }
    }

    /// In words, for the person's page.
    public var words: String {
        switch self {
        case .aal1: "AAL1 (password only)"
        case .aal2: "AAL2 (two factors)"
        case .aal3: "AAL3 (smartcard or security key)"
        }
    }

    public static func < (lhs: AssuranceLevel, rhs: AssuranceLevel) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// How well NHS login has checked a patient's identity, from the first part of the ID token's `vot` claim
/// (`P9.Cp.Cd`): P9 is a verified identity (NHS number, name and date of birth proven), P5 is contact details only,
/// P0 is nothing checked.
public enum IdentityProofingLevel: Int, Sendable, Comparable, Codable {
    case p0 = 0, p5 = 5, p9 = 9

    /// Reads a `vot` claim such as `P9.Cp.Cd` or `P5.Cm`; nil when it names no proofing level.
    public init?(vot: String) {
        let first = vot.split(separator: ".").first.map(String.init) ?? ""
        switch first.uppercased() {
        case "P0": self = .p0
        case "P5": self = .p5
        case "P9": self = .p9
        default: return nil
        }
    }

    public var name: String { "P\(rawValue)" }

    /// Only a P9 identity fills a request's details and marks the patient verified.
    public var verifiesIdentity: Bool { self == .p9 }

    public static func < (lhs: IdentityProofingLevel, rhs: IdentityProofingLevel) -> Bool { lhs.rawValue < rhs.rawValue }
}
