@testable import Domain
import Foundation
import XCTest

final class AssetCSVTests: XCTestCase {
    typealias Fixture = AssetCSVFixture

    /// Rows with awkward values: commas, quotes, line breaks, formula-like text and non-ASCII.
    let awkward: [AssetRow] = [
        Fixture.goodRow,
        AssetRow(
            tag: "RIV-0002", kind: .dataPlan, ownerODS: "QHM", funder: .national, location: "Room 2, \"Blue\" corridor",
            state: .inStock),
        AssetRow(
            tag: "-0003", serial: "=HYPERLINK(\"http://evil.example\")", kind: .headset, make: "+44 113 496 0000",
            model: "@SUM(A1:A9)", ownerODS: "L81008", funder: .practice, personEmail: "o'neil@nhs.net",
            location: "Branch\nupstairs\r\ncupboard", state: .allocated, encryption: .notEncrypted),
        AssetRow(
            tag: "RIV-0004", serial: "'=already quoted", kind: .tablet, make: "Café Ltd — Leeds", model: "'plain apostrophe",
            ownerODS: "B82005", funder: .commissioner, state: .inUse, operatingSystem: "iPadOS 17", osEndOfSupport: "2028-09-30",
            lastSeen: "2025-06-01 09:30:00.250+01:00", personal: true),
        AssetRow(
            tag: "RIV-0005", kind: .desktop, ownerODS: "L81008", funder: .practice, state: .disposed, encryption: .encrypted,
            lastSeen: "2024-02-29", certificate: "WEEE-2025-0042"),
    ]

    func testDocumentThenParseGivesTheSameRows() {
        let parsed = AssetCSV.parse(AssetCSV.document(awkward))
        XCTAssertEqual(parsed.errors.map(\.message), [])
        XCTAssertEqual(parsed.rows.map(\.row), awkward)
        // Row 3's location spans three physical lines, so row 4 starts on line 7.
        XCTAssertEqual(parsed.rows.map(\.line), [2, 3, 4, 7, 8])
    }

    func testDocumentStartsWithTheHeaderAndEndsLinesWithCRLF() {
        let document = AssetCSV.document([Fixture.goodRow])
        XCTAssertEqual(
            document,
            "tag,serial,kind,make,model,owner_ods,funder,person_email,location,state,encryption,operating_system,"
                + "os_end_of_support,last_seen,personal,certificate\r\n"
                + "RIV-0001,SN1,laptop,Dell,Latitude 5440,L81008,commissioner,jo.bloggs@nhs.net,Leeds,in_use,encrypted,"
                + "Windows 11,2029-10-09,2025-06-01T09:30:00Z,no,\r\n")
        XCTAssertEqual(AssetCSV.document([]), Fixture.headerLine + "\r\n")
    }

    func testLineQuotesAndGuardsAgainstFormulas() {
        let line = AssetCSV.line(awkward[2])
        XCTAssertEqual(
            line,
            #"'-0003,"'=HYPERLINK(""http://evil.example"")",headset,'+44 113 496 0000,'@SUM(A1:A9),L81008,practice,"#
                + "o'neil@nhs.net,\"Branch\nupstairs\r\ncupboard\",allocated,not_encrypted,,,,no,")
        XCTAssertTrue(AssetCSV.line(awkward[1]).contains(#","Room 2, ""Blue"" corridor","#))
        // An apostrophe already in front of a formula gets one more, so that reading it back is exact.
        XCTAssertTrue(AssetCSV.line(awkward[3]).hasPrefix("RIV-0004,''=already quoted,tablet,"))
        XCTAssertTrue(AssetCSV.line(awkward[3]).contains(",'plain apostrophe,"))
    }

    func testGuardsAFormulaBehindACarriageReturnATabOrAFullwidthSign() {
        for value in ["\r=cmd|' /C calc'!A0", "\t=1+1", "\u{FF1D}HYPERLINK(\"http://evil.example\")", "\u{FF0B}1", "\u{FF20}SUM(A1)", "\u{FF0D}1"] {
            let cell = AssetCSV.cell(value)
            XCTAssertTrue(cell.hasPrefix("'") || cell.hasPrefix("\"'"), "\(value.debugDescription) was not guarded: \(cell.debugDescription)")
            XCTAssertEqual(AssetCSV.unguarded("'" + value), value)
        }
        XCTAssertEqual(AssetCSV.cell("\u{FF21}bc"), "\u{FF21}bc", "other fullwidth letters are text")
    }

    func testParseRemovesTheFormulaGuard() {
        let text = Fixture.file(Fixture.record(["make": "'=1+1", "model": "'abc", "serial": "''-x", "location": "'@home"]))
        let row = AssetCSV.parse(text).rows.first?.row
        XCTAssertEqual(row?.make, "=1+1")
        XCTAssertEqual(row?.model, "'abc")
        XCTAssertEqual(row?.serial, "'-x")
        XCTAssertEqual(row?.location, "@home")
    }

    func testLineNumbersCountTheLinesInsideQuotedValues() {
        let text = Fixture.file(
            Fixture.record(["location": "\"Floor 1\nRoom 2\""]),
            Fixture.record(["tag": "RIV-0002"]),
            Fixture.record(["tag": "RIV-0003", "location": "\"a\r\nb\nc\""]),
            Fixture.record(["tag": "RIV-0004", "kind": "lapptop"]))
        let parsed = AssetCSV.parse(text)
        XCTAssertEqual(parsed.rows.map(\.line), [2, 4, 5])
        XCTAssertEqual(parsed.rows.first?.row.location, "Floor 1\nRoom 2")
        XCTAssertEqual(parsed.errors.map(\.line), [8])
        XCTAssertTrue(parsed.errors.first?.message.hasPrefix("line 8: kind \"lapptop\"") ?? false)
    }

    func testByteOrderMarkCRLFAndLoneCRAreAccepted() {
        let lf = Fixture.file(Fixture.record(), Fixture.record(["tag": "RIV-0002"]))
        let variants = [
            "\u{FEFF}" + lf, lf.replacingOccurrences(of: "\n", with: "\r\n"), lf.replacingOccurrences(of: "\n", with: "\r"), lf + "\r\n",
        ]
        for text in variants {
            let parsed = AssetCSV.parse(text)
            XCTAssertEqual(parsed.errors.map(\.message), [])
            XCTAssertEqual(parsed.rows.map(\.line), [2, 3])
            XCTAssertEqual(parsed.rows.first?.row, Fixture.goodRow)
        }
    }

    func testBlankLinesAreSkippedButCounted() {
        let text = "\n" + Fixture.headerLine + "\n\n   \n,,,,,,,,,,,,,,,\n" + Fixture.record() + "\n\n"
        let parsed = AssetCSV.parse(text)
        XCTAssertEqual(parsed.errors.map(\.message), [])
        XCTAssertEqual(parsed.rows.map(\.line), [6])
    }

    func testValuesAreTrimmedAndNormalised() {
        let text = Fixture.file(
            Fixture.record([
                "tag": "  RIV-0001 ", "kind": "Desktop computer", "owner_ods": " l81008", "person_email": "Jo.Bloggs@NHS.net",
                "state": "In use", "encryption": "", "funder": "Commissioner", "personal": "FALSE", "location": "",
            ]),
            Fixture.record(["tag": "RIV-0002", "kind": "SIM", "personal": "1", "person_email": "", "state": "in_transit"]))
        let parsed = AssetCSV.parse(text)
        XCTAssertEqual(parsed.errors.map(\.message), [])
        var expected = Fixture.goodRow
        expected.kind = .desktop
        expected.encryption = .unknown
        expected.location = nil
        XCTAssertEqual(parsed.rows.first?.row, expected)
        XCTAssertEqual(parsed.rows.last?.row.kind, .dataPlan)
        XCTAssertEqual(parsed.rows.last?.row.personal, true)
        XCTAssertNil(parsed.rows.last?.row.personEmail)
    }

    func testPersonalAcceptsYesNoTrueFalseOneZeroAndBlank() {
        let values = ["yes": true, "YES": true, "true": true, "1": true, "no": false, "False": false, "0": false, "": false]
        for (text, expected) in values {
            let parsed = AssetCSV.parse(Fixture.file(Fixture.record(["personal": text])))
            XCTAssertEqual(parsed.rows.first?.row.personal, expected, text)
        }
    }

    func testOneHundredThousandRows() {
        let rows = (0..<100_000).map { index -> AssetRow in
            var row = Fixture.goodRow
            row.tag = "RIV-\(index)"
            row.serial = "SN\(index * 7919)"
            row.location = index % 3 == 0 ? "Room \(index % 40), \"east\" wing" : "Leeds"
            return row
        }
        let parsed = AssetCSV.parse(AssetCSV.document(rows))
        XCTAssertEqual(parsed.errors.count, 0)
        XCTAssertEqual(parsed.rows.count, 100_000)
        XCTAssertEqual(parsed.rows.last?.line, 100_001)
        XCTAssertEqual(parsed.rows.last?.row, rows.last)
    }
}
