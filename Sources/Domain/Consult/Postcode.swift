import Foundation

/// A UK postcode, checked for shape and written the Royal Mail way: outward code, one space, inward code
/// ("SW1A 1AA"). Shape only: whether the postcode exists is for the patient record (PDS) to say.
public struct Postcode: Sendable, Equatable, Hashable, Codable, CustomStringConvertible {
    /// "SW1A 1AA".
    public let text: String

    /// Reads "sw1a1aa", " SW1A  1AA ", "sw1a-1aa"; nil unless it has the shape of a UK postcode.
    public init?(_ typed: String) {
        let compact = typed.uppercased().filter { $0.isLetter || $0.isNumber }
        guard (5...7).contains(compact.count), compact.allSatisfy({ $0.isASCII }) else { return nil }
        let inward = String(compact.suffix(3))
        let outward = String(compact.dropLast(3))
        guard Self.isInward(inward), Self.isOutward(outward) else { return nil }
        text = "\(outward) \(inward)"
    }

    public var description: String { text }

    /// Digit, then two letters (not C, I, K, M, O or V).
    private static func isInward(_ code: String) -> Bool {
        let chars = Array(code)
        return chars.count == 3 && chars[0].isNumber && chars[1...].allSatisfy { $0.isLetter && !"CIKMOV".contains($0) }
    }

    /// The outward code's six shapes: A9, A99, AA9, AA99, A9A, AA9A; and GIR for Girobank's GIR 0AA.
    private static func isOutward(_ code: String) -> Bool {
        if code == "GIR" { return true }
        let shape = String(code.map { $0.isLetter ? "A" : "9" })
        guard ["A9", "A99", "AA9", "AA99", "A9A", "AA9A"].contains(shape) else { return false }
        let chars = Array(code)
        // the first letter is never Q, V or X; a second letter is never I, J or Z
        if "QVX".contains(chars[0]) { return false }
        if chars.count > 1, chars[1].isLetter, "IJZ".contains(chars[1]) { return false }
        return true
    }
}
