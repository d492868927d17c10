import Foundation

/// Whether a practice in the epraccur file is open, as its status code says.
public enum PracticeStatus: String, Sendable, Codable, CaseIterable {
    case active = "A"
    case closed = "C"
    case dormant = "D"
    case proposed = "P"

    /// The status as staff name it.
    public var displayName: String {
        switch self {
        case .active: "Active"
        case .closed: "Closed"
        case .dormant: "Dormant"
        case .proposed: "Proposed"
        }
    }
}

/// One row of the epraccur file: a GP practice (or another prescribing setting) as the ODS publishes it.
public struct PracticeRecord: Equatable, Sendable {
    public var code: ODSCode
    public var name: String
    /// Non-empty address lines only, in order.
    public var addressLines: [String]
    public var postcode: String
    public var opened: CalendarDay?
    public var closed: CalendarDay?
    public var status: PracticeStatus
    /// The parent sub-ICB location (old CCG) code.
    public var commissionerCode: String?
    public var telephone: String?
    /// 4 for a GP practice; other numbers for other prescribing settings.
    public var prescribingSetting: Int?

    public init(
        code: ODSCode, name: String, addressLines: [String], postcode: String, opened: CalendarDay?,
        closed: CalendarDay?, status: PracticeStatus, commissionerCode: String?, telephone: String?,
        prescribingSetting: Int?
    ) {
        self.code = code
        self.name = name
        self.addressLines = addressLines
        self.postcode = postcode
        self.opened = opened
        self.closed = closed
        self.status = status
        self.commissionerCode = commissionerCode
        self.telephone = telephone
        self.prescribingSetting = prescribingSetting
    }
}

/// Why a line of the epraccur file could not be read.
public enum EpraccurError: Error, Equatable, Sendable {
    case wrongColumnCount(Int)
    case unterminatedQuote
    case badCode(String)
    case missingName
    case badDate(column: Int, value: String)
    case badStatus(String)

    /// What to tell the person importing the file.
    public var message: String {
        switch self {
        case .wrongColumnCount(let count):
            "This line has \(count) columns; the practice file (epraccur.csv) has 27. Check that you chose the right file."
        case .unterminatedQuote:
            "This line has a quote mark that is never closed. Download the practice file again."
        case .badCode(let code):
            "\"\(code)\" is not a valid ODS code, so this practice was skipped."
        case .missingName:
            "This line has no organisation name, so it was skipped."
        case .badDate(let column, let value):
            "Column \(column) should hold a date like 20261126 but holds \"\(value)\"."
        case .badStatus(let value):
            "\"\(value)\" is not a status code; the file uses A (active), C (closed), D (dormant) or P (proposed)."
        }
    }
}

/// Reads and writes the public GP practice file, epraccur.csv: no header row, 27 quoted columns.
public enum Epraccur {
    public static let columnCount = 27

    /// Splits one line into its fields: commas separate, a quoted field may hold commas and doubled quotes.
    public static func fields(of line: String) throws(EpraccurError) -> [String] {
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ",")
        var bytes = Array(line.utf8)
        while let last = bytes.last, last == UInt8(ascii: "\n") || last == UInt8(ascii: "\r") { bytes.removeLast() }
        var fields: [String] = []
        var current: [UInt8] = []
        var inQuotes = false
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if inQuotes {
                if byte == quote {
                    if index + 1 < bytes.count, bytes[index + 1] == quote {
                        current.append(quote)
                        index += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    current.append(byte)
                }
            } else if byte == quote {
                inQuotes = true
            } else if byte == comma {
                fields.append(String(decoding: current, as: UTF8.self))
                current.removeAll(keepingCapacity: true)
            } else {
                current.append(byte)
            }
            index += 1
        }
        guard !inQuotes else { throw .unterminatedQuote }
        fields.append(String(decoding: current, as: UTF8.self))
        return fields
    }

    /// Reads one line into a record. The code is checked with `ODSCode(anyKind:)` because the file also
    /// holds prescribing settings that are not practices; empty optional fields become nil.
    public static func record(from line: String) throws(EpraccurError) -> PracticeRecord {
        let raw = try fields(of: line)
        guard raw.count == columnCount else { throw .wrongColumnCount(raw.count) }
        let field = raw.map { $0.trimmingCharacters(in: .whitespaces) }
        func optional(_ column: Int) -> String? {
            field[column - 1].isEmpty ? nil : field[column - 1]
        }
        func day(_ column: Int) throws(EpraccurError) -> CalendarDay? {
            guard let text = optional(column) else { return nil }
            guard let day = CalendarDay(compact: text) else { throw .badDate(column: column, value: text) }
            return day
        }

        let code: ODSCode
        do { code = try ODSCode(anyKind: field[0]) } catch { throw .badCode(field[0]) }
        guard let name = optional(2) else { throw .missingName }
        guard let status = PracticeStatus(rawValue: field[12].uppercased()) else { throw .badStatus(field[12]) }
        return PracticeRecord(
            code: code,
            name: name,
            addressLines: (5...9).compactMap(optional),
            postcode: field[9],
            opened: try day(11),
            closed: try day(12),
            status: status,
            commissionerCode: optional(15),
            telephone: optional(18),
            prescribingSetting: optional(26).flatMap { Int($0) }
        )
    }

    /// Writes a record as a 27-column line in the file's own format; `record(from:)` reads it back.
    /// More than five address lines are joined into the fifth.
    public static func line(for record: PracticeRecord) -> String {
        var address = Array(record.addressLines.prefix(4))
        if record.addressLines.count > 4 {
            address.append(record.addressLines.dropFirst(4).joined(separator: ", "))
        }
        address += Array(repeating: "", count: 5 - address.count)
        var columns = Array(repeating: "", count: columnCount)
        columns[0] = record.code.value
        columns[1] = record.name
        columns[4...8] = address[0...4]
        columns[9] = record.postcode
        columns[10] = record.opened.map(compact) ?? ""
        columns[11] = record.closed.map(compact) ?? ""
        columns[12] = record.status.rawValue
        columns[14] = record.commissionerCode ?? ""
        columns[17] = record.telephone ?? ""
        columns[25] = record.prescribingSetting.map(String.init) ?? ""
        return columns.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: ",")
    }

    /// "20261126", the file's date form.
    private static func compact(_ day: CalendarDay) -> String {
        day.iso.replacingOccurrences(of: "-", with: "")
    }
}
