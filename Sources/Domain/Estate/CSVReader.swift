import Foundation

/// Splits CSV text into records of fields, working on UTF-8 bytes so that large files read quickly.
/// Fields are trimmed of spaces and tabs; quoted fields may hold commas, doubled quotes and line
/// breaks. A leading byte-order mark is skipped, and CRLF, LF and a lone CR all end a record.
enum CSVReader {
    private static let quote = UInt8(ascii: "\"")
    private static let comma = UInt8(ascii: ",")
    private static let lf = UInt8(ascii: "\n")
    private static let cr = UInt8(ascii: "\r")
    private static let space = UInt8(ascii: " ")
    private static let tab = UInt8(ascii: "\t")

    /// Calls `body` with each record and the 1-based physical line it starts on. Returns the line of a
    /// record whose quoted field is never closed (reading stops there), or nil when the text is well formed.
    static func read(_ text: String, _ body: (_ line: Int, _ fields: [String]) -> Void) -> Int? {
        var text = text
        return text.withUTF8 { read(bytes: $0, body) }
    }

    private static func read(bytes: UnsafeBufferPointer<UInt8>, _ body: (Int, [String]) -> Void) -> Int? {
        let n = bytes.count
        var i = n >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
        var line = 1
        var fields: [String] = []
        fields.reserveCapacity(16)
        var scratch: [UInt8] = []
        while i < n {
            let recordLine = line
            fields.removeAll(keepingCapacity: true)
            while true {
                while i < n, bytes[i] == space || bytes[i] == tab { i += 1 }
                if i < n, bytes[i] == quote {
                    scratch.removeAll(keepingCapacity: true)
                    i += 1
                    var closed = false
                    while i < n {
                        let byte = bytes[i]
                        if byte == quote {
                            if i + 1 < n, bytes[i + 1] == quote {
                                scratch.append(quote)
                                i += 2
                                continue
                            }
                            i += 1
                            closed = true
                            break
                        }
                        if byte == lf || (byte == cr && !(i + 1 < n && bytes[i + 1] == lf)) { line += 1 }
                        scratch.append(byte)
                        i += 1
                    }
                    guard closed else { return recordLine }
                    // Forgive text between the closing quote and the comma by keeping it.
                    while i < n, bytes[i] != comma, bytes[i] != lf, bytes[i] != cr {
                        scratch.append(bytes[i])
                        i += 1
                    }
                    fields.append(scratch.withUnsafeBufferPointer { string($0, from: 0, to: $0.count) })
                } else {
                    let start = i
                    while i < n, bytes[i] != comma, bytes[i] != lf, bytes[i] != cr { i += 1 }
                    fields.append(string(bytes, from: start, to: i))
                }
                if i < n, bytes[i] == comma {
                    i += 1
                    continue
                }
                if i < n {
                    i += bytes[i] == cr && i + 1 < n && bytes[i + 1] == lf ? 2 : 1
                    line += 1
                }
                break
            }
            body(recordLine, fields)
        }
        return nil
    }

    /// The bytes from `start` up to `end` as text, without spaces or tabs at either end.
    private static func string(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> String {
        var start = start
        var end = end
        while start < end, bytes[start] == space || bytes[start] == tab { start += 1 }
        while end > start, bytes[end - 1] == space || bytes[end - 1] == tab { end -= 1 }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }
}
