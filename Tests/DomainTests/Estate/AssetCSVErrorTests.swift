import Domain
import Foundation
import XCTest

final class AssetCSVErrorTests: XCTestCase {
    typealias Fixture = AssetCSVFixture

    func messages(_ changes: [String: String]) -> [String] { Fixture.messages(changes) }

    func testABadHeaderIsOneErrorOnLineOne() {
        let renamed = AssetCSV.parse(Fixture.headerLine.replacingOccurrences(of: "kind", with: "type") + "\n" + Fixture.record())
        XCTAssertEqual(renamed.rows.count, 0)
        XCTAssertEqual(renamed.errors.map(\.line), [1])
        XCTAssertEqual(
            renamed.errors.first?.message,
            "line 1: the header row must name these columns in this order: " + Fixture.headerLine
                + "; column 3 is \"type\" where \"kind\" belongs. Rename the columns to match, or start from a fresh export.")
        let short = AssetCSV.parse(AssetCSV.header.dropLast().joined(separator: ",") + "\n" + Fixture.record())
        XCTAssertEqual(short.errors.count, 1)
        XCTAssertTrue(short.errors[0].message.contains("this header has 15 columns where 16 are expected"))
        let swapped = AssetCSV.parse("serial,tag" + Fixture.headerLine.dropFirst("tag,serial".count))
        XCTAssertEqual(swapped.errors.map(\.line), [1])
        XCTAssertTrue(swapped.errors[0].message.contains("column 1 is \"serial\" where \"tag\" belongs"))
    }

    func testTheHeaderIgnoresCaseAndSpaces() {
        let header = AssetCSV.header.map { " \($0.uppercased()) " }.joined(separator: ",")
        let parsed = AssetCSV.parse(header + "\n" + Fixture.record())
        XCTAssertEqual(parsed.errors.map(\.message), [])
        XCTAssertEqual(parsed.rows.count, 1)
    }

    func testAnEmptyFileSaysWhatToPutInIt() {
        for text in ["", "\u{FEFF}", "\n\n"] {
            let parsed = AssetCSV.parse(text)
            XCTAssertEqual(parsed.errors.map(\.line), [1])
            XCTAssertTrue(parsed.errors[0].message.hasPrefix("line 1: the file is empty; start it with the header row tag,serial,"))
        }
    }

    func testTheWrongNumberOfValues() {
        let text = Fixture.file(Fixture.record() + ",extra", "RIV-0002,SN2,laptop")
        XCTAssertEqual(
            AssetCSV.parse(text).errors.map(\.message),
            [
                "line 2: expected 16 values but found 17; check for a missing or extra comma, and put quotes around values that contain commas.",
                "line 3: expected 16 values but found 3; check for a missing or extra comma, and put quotes around values that contain commas.",
            ])
    }

    func testEachBadValueNamesItsColumnAndWhatIsAllowed() {
        XCTAssertEqual(
            messages(["kind": "lapptop"]),
            [
                "line 2: kind \"lapptop\" is not a kind of kit; use one of laptop, desktop, tablet, phone, data_plan, hardware_token, "
                    + "smartcard, smartcard_reader, webcam, headset or other."
            ])
        XCTAssertEqual(
            messages(["tag": ""]),
            ["line 2: tag is blank; give every asset a tag of up to 64 characters, such as the number on its asset label."])
        XCTAssertEqual(
            messages(["tag": String(repeating: "A", count: 65)]),
            ["line 2: tag \"\(String(repeating: "A", count: 65))\" is 65 characters long; shorten it to 64 characters or fewer."])
        XCTAssertEqual(messages(["tag": String(repeating: "A", count: 64)]), [])
        XCTAssertEqual(
            messages(["owner_ods": "L8"]),
            [
                "line 2: owner_ods \"L8\" is not an ODS code; "
                    + "use the owning organisation's code of 3 to 9 letters and digits, such as L81008."
            ])
        XCTAssertEqual(messages(["owner_ods": ""]).first?.hasPrefix("line 2: owner_ods is blank;"), true)
        XCTAssertEqual(
            messages(["funder": "nhs"]), ["line 2: funder \"nhs\" is not a funder; use one of practice, commissioner or national."])
        XCTAssertEqual(
            messages(["person_email": "jo bloggs"]).first?.hasPrefix("line 2: person_email \"jo bloggs\" is not an email address;"), true)
        XCTAssertEqual(messages(["state": "broken"]).first?.contains("use one of on_order, in_stock, allocated,"), true)
        XCTAssertEqual(
            messages(["encryption": "bitlocker"]),
            [
                "line 2: encryption \"bitlocker\" is not an encryption status; "
                    + "use one of encrypted, not_encrypted or unknown, or leave it blank."
            ])
        XCTAssertEqual(
            messages(["os_end_of_support": "31/12/2025"]),
            ["line 2: os_end_of_support \"31/12/2025\" is not a date; write it as yyyy-mm-dd, such as 2025-10-14, or leave it blank."])
        XCTAssertEqual(messages(["os_end_of_support": "2025-02-29"]).count, 1)
        XCTAssertEqual(
            messages(["last_seen": "yesterday"]).first?.hasPrefix("line 2: last_seen \"yesterday\" is not a date or date-time;"), true)
        XCTAssertEqual(
            messages(["personal": "maybe"]),
            ["line 2: personal \"maybe\" is not yes or no; use yes, no, true, false, 1 or 0; blank means no."])
    }

    func testEveryProblemInARowIsReported() {
        let problems = messages(["kind": "robot", "funder": "", "os_end_of_support": "soon"])
        XCTAssertEqual(problems.count, 3)
        let openings = problems.map { String($0.prefix(while: { $0 != "\"" && $0 != ";" })) }
        XCTAssertEqual(openings, ["line 2: kind ", "line 2: funder is blank", "line 2: os_end_of_support "])
    }

    func testHeldStatesNeedAPersonUnlessTheDeviceIsPersonal() {
        for state in ["allocated", "in_transit", "in_use"] {
            XCTAssertEqual(
                messages(["state": state, "person_email": ""]),
                [
                    "line 2: state \(state) needs person_email for the person who holds the asset; "
                        + "add it, or set personal to yes for their own device."
                ])
            XCTAssertEqual(messages(["state": state, "person_email": "", "personal": "yes"]), [])
        }
        XCTAssertEqual(messages(["state": "in_repair", "person_email": ""]), [])
        XCTAssertEqual(messages(["state": "in_stock", "person_email": ""]), [])
    }

    func testDisposedNeedsACertificate() {
        XCTAssertEqual(
            messages(["state": "disposed"]),
            ["line 2: state disposed needs the disposal certificate reference in certificate; add it from the disposal certificate."])
        XCTAssertEqual(messages(["state": "disposed", "certificate": "WEEE-2025-0042"]), [])
    }

    func testARepeatedTagIsAnErrorOnTheLaterLine() {
        let text = Fixture.file(
            Fixture.record(), Fixture.record(["tag": "RIV-0002"]), Fixture.record(["tag": "riv-0001", "kind": "phone"]),
            Fixture.record(["tag": "RIV-0001", "funder": "nhs"]))
        let parsed = AssetCSV.parse(text)
        XCTAssertEqual(parsed.rows.map(\.line), [2, 3])
        XCTAssertEqual(parsed.rows.first?.row.kind, .laptop)
        XCTAssertEqual(
            parsed.errors.map(\.message),
            [
                "line 4: tag \"riv-0001\" is already used on line 2; give each asset its own tag.",
                "line 5: tag \"RIV-0001\" is already used on line 2; give each asset its own tag.",
                "line 5: funder \"nhs\" is not a funder; use one of practice, commissioner or national.",
            ])
    }

    func testAnUnclosedQuoteStopsReadingWithAnError() {
        let text = Fixture.file(
            Fixture.record(), Fixture.record(["tag": "RIV-0002", "location": "\"Leeds"]), Fixture.record(["tag": "RIV-0003"]))
        let parsed = AssetCSV.parse(text)
        XCTAssertEqual(parsed.rows.map(\.line), [2])
        XCTAssertEqual(
            parsed.errors.map(\.message),
            ["line 3: a quoted value is never closed, so the rest of the file was not read; add the missing closing quote (\")."])
    }
}
