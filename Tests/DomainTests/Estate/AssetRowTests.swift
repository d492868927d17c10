import Domain
import Foundation
import XCTest

final class AssetRowTests: XCTestCase {
    let row = AssetCSVFixture.goodRow

    func testNoChangesWhenIdentical() {
        XCTAssertEqual(row.changes(from: row), [])
    }

    func testChangesReadAsHistory() {
        var before = row
        before.state = .inStock
        before.location = nil
        before.personEmail = nil
        var after = row
        after.location = "Leeds"
        XCTAssertEqual(after.changes(from: before), ["person: — → jo.bloggs@nhs.net", "location: — → Leeds", "state: In stock → In use"])
    }

    func testEveryFieldIsCompared() {
        let other = AssetRow(
            tag: "X-1", serial: "S", kind: .tablet, make: "Apple", model: "iPad", ownerODS: "QHM", funder: .national,
            personEmail: "a@b.nhs.uk", location: "Hub", state: .disposed, encryption: .notEncrypted, operatingSystem: "iPadOS 16",
            osEndOfSupport: "2026-01-01", lastSeen: "2025-01-01", personal: true, certificate: "C-1")
        let changes = other.changes(from: row)
        XCTAssertEqual(changes.count, AssetCSV.header.count)
        XCTAssertEqual(changes[2], "kind: Laptop → Tablet")
        XCTAssertEqual(changes[6], "funder: Commissioner → National")
        XCTAssertEqual(changes[10], "encryption: Encrypted → Not encrypted")
        XCTAssertEqual(changes[14], "personal device: No → Yes")
        XCTAssertEqual(changes[15], "certificate: — → C-1")
    }

    func testDatesAndDateTimes() {
        let good = [
            "2025-06-01", "2024-02-29", "2000-02-29", "2025-06-01T09:30", "2025-06-01T09:30:00Z", "2025-06-01t09:30:00z",
            "2025-06-01 09:30:00.250+01:00", "2025-06-01T09:30:00,5-0330", "2025-06-01T23:59:59+14", "2025-06-01T09:30:00+0100",
        ]
        for text in good {
            XCTAssertEqual(AssetCSVFixture.messages(["last_seen": "\"\(text)\""]), [], text)
        }
        let bad = [
            "2025-6-1", "2025-13-01", "2025-00-10", "2023-02-29", "1900-02-29", "2025-04-31", "0000-01-01", "2025-06-01T",
            "2025-06-01T24:00", "2025-06-01T09:60", "2025-06-01T09:30:61", "2025-06-01T09:30Zjunk", "2025-06-01T09:30:00.",
            "2025-06-01T09:30+1", "2025-06-01X09:30", "２０２５-06-01",
        ]
        for text in bad {
            XCTAssertEqual(AssetCSVFixture.messages(["last_seen": "\"\(text)\""]).count, 1, text)
        }
        XCTAssertEqual(AssetCSVFixture.messages(["os_end_of_support": "2025-06-01T09:30:00Z"]).count, 1)
        XCTAssertEqual(AssetCSVFixture.messages(["os_end_of_support": "2028-12-31"]), [])
    }
}
