import Domain
import Testing

@Suite struct EpraccurTests {
    static let densham =
        #""A81001","THE DENSHAM SURGERY","Y54","Q74","THE HEALTH CENTRE","LAWSON STREET","STOCKTON-ON-TEES","CLEVELAND","","TS18 1HU","19740401","","A","B","00K","20130401","","01642 672351","","","","0","","00K","","4","""#

    @Test func splitsQuotedFields() throws {
        // MUT
        let fields = try Epraccur.fields(of: Self.densham)
        // validate
        #expect(fields.count == 27)
        #expect(fields[0] == "A81001")
        #expect(fields[9] == "TS18 1HU")
        #expect(fields[26] == "")
    }

    @Test func quotedFieldsHoldCommasAndDoubledQuotes() throws {
        #expect(try Epraccur.fields(of: #""a,b","say ""hi""","",plain"#) == ["a,b", #"say "hi""#, "", "plain"])
        #expect(try Epraccur.fields(of: "a,,b,") == ["a", "", "b", ""])
        #expect(try Epraccur.fields(of: "") == [""])
        #expect(try Epraccur.fields(of: #""""""#) == [#"""#])
    }

    @Test func ignoresLineEndings() throws {
        #expect(try Epraccur.fields(of: "\"a\",\"b\"\r\n") == ["a", "b"])
        #expect(try Epraccur.fields(of: "a,b\n") == ["a", "b"])
    }

    @Test func refusesUnterminatedQuote() {
        #expect(throws: EpraccurError.unterminatedQuote) { try Epraccur.fields(of: #""A81001","THE DENSHAM"#) }
        #expect(throws: EpraccurError.unterminatedQuote) { try Epraccur.fields(of: #""say ""hi"""#) }
    }

    @Test func readsARecord() throws {
        // MUT
        let record = try Epraccur.record(from: Self.densham)
        // validate
        #expect(record.code.value == "A81001")
        #expect(record.name == "THE DENSHAM SURGERY")
        #expect(record.addressLines == ["THE HEALTH CENTRE", "LAWSON STREET", "STOCKTON-ON-TEES", "CLEVELAND"])
        #expect(record.postcode == "TS18 1HU")
        #expect(record.opened == CalendarDay(year: 1974, month: 4, day: 1))
        #expect(record.closed == nil)
        #expect(record.status == .active)
        #expect(record.commissionerCode == "00K")
        #expect(record.telephone == "01642 672351")
        #expect(record.prescribingSetting == 4)
    }

    @Test func emptyOptionalFieldsBecomeNil() throws {
        // setup
        var columns = Array(repeating: "", count: 27)
        columns[0] = "Y02345"
        columns[1] = "  OUT OF HOURS HUB  "
        columns[12] = "C"
        columns[11] = "20201231"
        // MUT
        let record = try Epraccur.record(from: columns.map { "\"\($0)\"" }.joined(separator: ","))
        // validate
        #expect(record.name == "OUT OF HOURS HUB")
        #expect(record.addressLines.isEmpty)
        #expect(record.opened == nil)
        #expect(record.closed == CalendarDay(year: 2020, month: 12, day: 31))
        #expect(record.status == .closed)
        #expect(record.commissionerCode == nil)
        #expect(record.telephone == nil)
        #expect(record.prescribingSetting == nil)
    }

    @Test func refusesWrongColumnCount() {
        #expect(throws: EpraccurError.wrongColumnCount(26)) { try Epraccur.record(from: String(Self.densham.dropLast(3))) }
        #expect(throws: EpraccurError.wrongColumnCount(28)) { try Epraccur.record(from: Self.densham + ",\"\"") }
        #expect(throws: EpraccurError.wrongColumnCount(1)) { try Epraccur.record(from: "") }
    }

    @Test func refusesBadFields() {
        func line(replacing column: Int, with value: String) -> String {
            var fields = (try? Epraccur.fields(of: Self.densham)) ?? []
            guard fields.count == Epraccur.columnCount else { return "" }
            fields[column - 1] = value
            return fields.map { "\"\($0)\"" }.joined(separator: ",")
        }
        #expect(throws: EpraccurError.badCode("A8")) { try Epraccur.record(from: line(replacing: 1, with: "A8")) }
        #expect(throws: EpraccurError.badCode("")) { try Epraccur.record(from: line(replacing: 1, with: "")) }
        #expect(throws: EpraccurError.missingName) { try Epraccur.record(from: line(replacing: 2, with: "  ")) }
        #expect(throws: EpraccurError.badDate(column: 11, value: "1974-04-01")) {
            try Epraccur.record(from: line(replacing: 11, with: "1974-04-01"))
        }
        #expect(throws: EpraccurError.badDate(column: 12, value: "20250230")) {
            try Epraccur.record(from: line(replacing: 12, with: "20250230"))
        }
        #expect(throws: EpraccurError.badStatus("X")) { try Epraccur.record(from: line(replacing: 13, with: "X")) }
        #expect(throws: EpraccurError.badStatus("")) { try Epraccur.record(from: line(replacing: 13, with: "")) }
    }

    @Test func writesALineThatReadsBack() throws {
        // setup
        let record = PracticeRecord(
            code: try ODSCode("L81008", kind: .practice), name: #"DR "JONES", SMITH & PARTNERS"#,
            addressLines: ["1 HIGH STREET", "BRISTOL"], postcode: "BS1 1AA",
            opened: CalendarDay(year: 2001, month: 2, day: 3), closed: nil, status: .dormant,
            commissionerCode: "15C", telephone: "0117 000 0000", prescribingSetting: 4)
        // MUT
        let line = Epraccur.line(for: record)
        // validate
        #expect(try Epraccur.fields(of: line).count == Epraccur.columnCount)
        #expect(line.hasPrefix(#""L81008","DR ""JONES"", SMITH & PARTNERS","","","1 HIGH STREET","BRISTOL","","","","BS1 1AA","20010203","","D""#))
        #expect(try Epraccur.record(from: line) == record)
    }

    @Test func roundTripsTheSample() throws {
        let record = try Epraccur.record(from: Self.densham)
        #expect(try Epraccur.record(from: Epraccur.line(for: record)) == record)
    }

    @Test func joinsExtraAddressLinesIntoTheFifth() throws {
        // setup
        let lines = ["A", "B", "C", "D", "E", "F"]
        let record = PracticeRecord(
            code: try ODSCode(anyKind: "Y00001"), name: "HUB", addressLines: lines, postcode: "", opened: nil, closed: nil,
            status: .proposed, commissionerCode: nil, telephone: nil, prescribingSetting: nil)
        // MUT
        let read = try Epraccur.record(from: Epraccur.line(for: record))
        // validate
        #expect(read.addressLines == ["A", "B", "C", "D", "E, F"])
    }

    @Test func statusNamesAndMessages() {
        #expect(PracticeStatus.allCases.map(\.displayName) == ["Active", "Closed", "Dormant", "Proposed"])
        #expect(EpraccurError.wrongColumnCount(3).message.contains("27"))
        #expect(EpraccurError.badCode("A8").message.contains("A8"))
        #expect(EpraccurError.badDate(column: 11, value: "x").message.contains("Column 11"))
        #expect(EpraccurError.badStatus("X").message.contains("A (active)"))
        #expect(!EpraccurError.unterminatedQuote.message.isEmpty)
        #expect(!EpraccurError.missingName.message.isEmpty)
    }
}
