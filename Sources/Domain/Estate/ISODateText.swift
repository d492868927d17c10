import Foundation

/// Checks the shape of ISO 8601 dates and date-times in text, byte by byte, without parsing them
/// into `Date`s: fast enough for large files and independent of the machine's time zone.
enum ISODateText {
    /// Whether `text` is a real calendar day written yyyy-mm-dd, such as 2025-10-14.
    static func isDate(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { $0.count == 10 && dateLength($0) == 10 }
    }

    /// Whether `text` is a date, or a date and time such as 2025-06-01T09:30, 2025-06-01T09:30:00Z or
    /// 2025-06-01 09:30:00.250+01:00 (a space may stand for the T; seconds, fraction and offset are optional).
    static func isDateOrDateTime(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            guard dateLength(bytes) == 10 else { return false }
            guard bytes.count > 10 else { return true }
            guard bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t") || bytes[10] == UInt8(ascii: " ") else {
                return false
            }
            return isTime(bytes, from: 11)
        }
    }

    /// 10 when the bytes start with a valid yyyy-mm-dd, otherwise 0.
    private static func dateLength(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        guard bytes.count >= 10, bytes[4] == dash, bytes[7] == dash,
            let year = number(bytes, 0, 4), let month = number(bytes, 5, 2), let day = number(bytes, 8, 2),
            year >= 1, (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year)
        else { return 0 }
        return 10
    }

    /// hh:mm, then optional :ss and fraction, then an optional Z or ±hh[:mm] offset, to the end.
    private static func isTime(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Bool {
        var i = start
        guard let hour = number(bytes, i, 2), hour <= 23, at(bytes, i + 2) == colon,
            let minute = number(bytes, i + 3, 2), minute <= 59
        else { return false }
        i += 5
        if at(bytes, i) == colon {
            guard let second = number(bytes, i + 1, 2), second <= 59 else { return false }
            i += 3
            if at(bytes, i) == UInt8(ascii: ".") || at(bytes, i) == UInt8(ascii: ",") {
                i += 1
                let digitsStart = i
                while let byte = at(bytes, i), isDigit(byte) { i += 1 }
                guard i > digitsStart else { return false }
            }
        }
        return isOffset(bytes, from: i)
    }

    private static func isOffset(_ bytes: UnsafeBufferPointer<UInt8>, from i: Int) -> Bool {
        guard let sign = at(bytes, i) else { return true }
        if sign == UInt8(ascii: "Z") || sign == UInt8(ascii: "z") { return i + 1 == bytes.count }
        guard sign == UInt8(ascii: "+") || sign == dash, let hours = number(bytes, i + 1, 2), hours <= 23 else { return false }
        let rest = bytes.count - (i + 3)
        switch rest {
        case 0: return true
        case 2: return (number(bytes, i + 3, 2) ?? 60) <= 59
        case 3: return at(bytes, i + 3) == colon && (number(bytes, i + 4, 2) ?? 60) <= 59
        default: return false
        }
    }

    private static let dash = UInt8(ascii: "-")
    private static let colon = UInt8(ascii: ":")

    private static func at(_ bytes: UnsafeBufferPointer<UInt8>, _ i: Int) -> UInt8? {
        i < bytes.count ? bytes[i] : nil
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    /// The decimal number in `count` digits at `start`, or nil if any is not a digit or missing.
    private static func number(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ count: Int) -> Int? {
        guard start + count <= bytes.count else { return nil }
        var value = 0
        for byte in bytes[start..<(start + count)] {
            guard isDigit(byte) else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
