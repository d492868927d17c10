import Foundation

/// A patient's NHS number: ten digits, the last a modulus 11 check digit, shown 3-3-4.
public struct NHSNumber: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Exactly ten digits, without spaces.
    public let digits: String

    /// Reads a number as typed, allowing spaces and hyphens between digits ("999 000 0018", "999-000-0018").
    public init(_ text: String) throws(NHSNumberError) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw .empty }
        let compact = trimmed.filter { $0 != " " && $0 != "-" }
        guard !compact.isEmpty else { throw .empty }
        guard compact.allSatisfy({ $0.isASCII && $0.isNumber }) else { throw .notDigits }
        guard compact.count == 10 else { throw .wrongLength(compact.count) }
        let values = compact.compactMap { $0.wholeNumberValue }
        guard let check = Self.checkDigit(forFirstNine: Array(values.prefix(9))), check == values[9] else {
            throw .invalidCheckDigit
        }
        digits = compact
    }

    /// The number as the NHS prints it: "999 000 0018".
    public var formatted: String {
        let characters = Array(digits)
        return "\(String(characters[0..<3])) \(String(characters[3..<6])) \(String(characters[6..<10]))"
    }

    public var description: String { formatted }

    /// The check digit for nine leading digits (weights 10 down to 2, sum mod 11, 11 − r; 11 → 0),
    /// or nil when the remainder gives 10: no valid NHS number starts with those nine digits.
    public static func checkDigit(forFirstNine digits: [Int]) -> Int? {
        guard digits.count == 9, digits.allSatisfy({ (0...9).contains($0) }) else { return nil }
        let sum = zip(digits, stride(from: 10, through: 2, by: -1)).reduce(0) { $0 + $1.0 * $1.1 }
        let check = 11 - sum % 11
        switch check {
        case 11: return 0
        case 10: return nil
        default: return check
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            try self.init(text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.message)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(digits)
    }
}

/// Why a typed NHS number was refused.
public enum NHSNumberError: Error, Equatable, Sendable {
    case empty
    case wrongLength(Int)
    case notDigits
    case invalidCheckDigit

    /// What to tell the person who typed it.
    public var message: String {
        switch self {
        case .empty:
            "Enter the patient's NHS number."
        case .wrongLength(let count):
            "An NHS number has 10 digits; this one has \(count). Check it against the patient's record."
        case .notDigits:
            "An NHS number contains only digits, such as 999 000 0018."
        case .invalidCheckDigit:
            "This is not a valid NHS number: one of the digits is probably mistyped. Check it against the patient's record."
        }
    }
}
