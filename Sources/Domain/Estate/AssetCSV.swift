import Foundation

/// What reading an asset CSV file found: the good rows and a message for each problem, both with
/// the 1-based line of the file on which the record starts (the header is line 1).
public struct AssetCSVParse: Sendable {
    public var rows: [(line: Int, row: AssetRow)]
    /// Each message starts "line N: " and says what to change.
    public var errors: [(line: Int, message: String)]

    public init(rows: [(line: Int, row: AssetRow)] = [], errors: [(line: Int, message: String)] = []) {
        self.rows = rows
        self.errors = errors
    }
}

/// The estate register as a CSV file, for bulk import and export.
public enum AssetCSV {
    /// The columns, in order, exactly as the header row names them.
    public static let header = [
        "tag", "serial", "kind", "make", "model", "owner_ods", "funder", "person_email", "location", "state",
        "encryption", "operating_system", "os_end_of_support", "last_seen", "personal", "certificate",
    ]

    /// Reads a whole file. Blank lines are skipped; the header must name the columns in order (in any
    /// case); each bad row is left out with a message per problem, and a tag repeated (in any case)
    /// is reported on its later line.
    public static func parse(_ text: String) -> AssetCSVParse {
        var result = AssetCSVParse()
        var headerLine: Int?
        var headerIsGood = false
        var tagLines: [String: Int] = [:]
        let unclosed = CSVReader.read(text) { line, fields in
            if fields.allSatisfy(\.isEmpty) { return }
            guard headerLine != nil else {
                headerLine = line
                if let problem = headerProblem(fields) {
                    result.errors.append((line, "line \(line): \(problem)"))
                } else {
                    headerIsGood = true
                }
                return
            }
            guard headerIsGood else { return }
            var (row, problems) = asset(from: fields)
            let tag = row?.tag ?? unguarded(fields[0])
            if fields.count == header.count, !tag.isEmpty {
                let key = tag.lowercased()
                if let first = tagLines[key] {
                    problems.insert("tag \"\(tag)\" is already used on line \(first); give each asset its own tag.", at: 0)
                    row = nil
                } else {
                    tagLines[key] = line
                }
            }
            if let row {
                result.rows.append((line, row))
            } else {
                result.errors += problems.map { (line, "line \(line): \($0)") }
            }
        }
        if let unclosed {
            result.errors.append(
                (
                    unclosed,
                    "line \(unclosed): a quoted value is never closed, so the rest of the file was not read; "
                        + "add the missing closing quote (\")."
                ))
        } else if headerLine == nil {
            let advice = "start it with the header row \(header.joined(separator: ",")), then one asset per line."
            result.errors.append((1, "line 1: the file is empty; \(advice)"))
        }
        return result
    }

    /// One CSV line for `row`, without a line break.
    public static func line(_ row: AssetRow) -> String {
        fields(of: row).map(cell).joined(separator: ",")
    }

    /// A whole file: the header, then a line per row, each ending CRLF as RFC 4180 asks.
    public static func document(_ rows: [AssetRow]) -> String {
        var text = header.joined(separator: ",") + "\r\n"
        for row in rows {
            text += line(row)
            text += "\r\n"
        }
        return text
    }

    /// The row's values as written, in column order.
    static func fields(of row: AssetRow) -> [String] {
        [
            row.tag, row.serial, row.kind.rawValue, row.make, row.model, row.ownerODS, row.funder.rawValue,
            row.personEmail ?? "", row.location ?? "", row.state.rawValue, row.encryption.rawValue,
            row.operatingSystem ?? "", row.osEndOfSupport ?? "", row.lastSeen ?? "", row.personal ? "yes" : "no",
            row.certificate ?? "",
        ]
    }

    /// One value as a CSV field. A value a spreadsheet would run as a formula (see `formulaStarts`; perhaps after
    /// apostrophes) gets an apostrophe in front, which `unguarded` removes again; a value
    /// holding a comma, quote or line break is quoted, with its quotes doubled.
    static func cell(_ value: String) -> String {
        let text = startsLikeFormula(value, apostrophes: 0...) ? "'" + value : value
        let special = text.utf8.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
        guard special else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// `value` without the apostrophe `cell` put in front of a formula-like value.
    static func unguarded(_ value: String) -> String {
        startsLikeFormula(value, apostrophes: 1...) ? String(value.dropFirst()) : value
    }

    /// What a spreadsheet may take as the start of a formula: =, +, - and @, their fullwidth forms (which some
    /// spreadsheets read as the ASCII ones), and a tab or carriage return before them.
    static let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r", "\u{FF1D}", "\u{FF0B}", "\u{FF0D}", "\u{FF20}"]

    /// Whether `value` is some number of apostrophes in `apostrophes`, then a character of `formulaStarts`.
    private static func startsLikeFormula(_ value: String, apostrophes: PartialRangeFrom<Int>) -> Bool {
        var count = 0
        for scalar in value.unicodeScalars {
            if scalar == "'" {
                count += 1
                continue
            }
            return formulaStarts.contains(scalar) && apostrophes.contains(count)
        }
        return false
    }

    /// What is wrong with a header row, or nil when it names the columns in order.
    private static func headerProblem(_ fields: [String]) -> String? {
        let names = fields.map { $0.lowercased() }
        guard names != header else { return nil }
        let expected = "the header row must name these columns in this order: \(header.joined(separator: ","))"
        let advice = "Rename the columns to match, or start from a fresh export."
        if let index = names.indices.first(where: { $0 < header.count && names[$0] != header[$0] }) {
            return "\(expected); column \(index + 1) is \"\(fields[index])\" where \"\(header[index])\" belongs. \(advice)"
        }
        return "\(expected); this header has \(fields.count) columns where \(header.count) are expected. \(advice)"
    }
}
