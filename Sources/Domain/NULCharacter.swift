import Foundation

/// Finds the NUL character (U+0000) in what a client sent, before it reaches storage: PostgreSQL cannot keep it in a
/// text column and fails the whole statement, and no person or system has a reason to send it.
public enum NULCharacter {
    /// In a URL's path and query or a form body (application/x-www-form-urlencoded): raw, or percent-encoded as %00.
    public static func appears(inPercentEncoded bytes: some Collection<UInt8>) -> Bool {
        var previous: (UInt8, UInt8) = (0xFF, 0xFF)
        for byte in bytes {
            if byte == 0 || (previous.0 == UInt8(ascii: "%") && previous.1 == UInt8(ascii: "0") && byte == UInt8(ascii: "0")) {
                return true
            }
            previous = (previous.1, byte)
        }
        return false
    }

    /// In a JSON text: raw, or as the escape `\u0000`; a `\\u0000` is a backslash followed by "u0000", not a NUL.
    public static func appears(inJSON bytes: some Collection<UInt8>) -> Bool {
        let text = Array(bytes)
        var index = 0
        while index < text.count {
            switch text[index] {
            case 0:
                return true
            case UInt8(ascii: "\\"):
                let next = index + 1 < text.count ? text[index + 1] : 0xFF
                if next == UInt8(ascii: "u") {
                    if index + 6 <= text.count, text[(index + 2)..<(index + 6)].allSatisfy({ $0 == UInt8(ascii: "0") }) { return true }
                    index += 6
                } else {
                    index += 2
                }
            default:
                index += 1
            }
        }
        return false
    }

    /// What to tell whoever sent it.
    public static let message = "What was sent holds the NUL character (U+0000, \\u0000 or %00), which cannot be stored. Remove it and send again."
}
