import Domain
import Foundation
import XCTest

/// Fails unless `body` throws exactly `expected`.
func assertEstateThrows<E: Error & Equatable>(
    _ expected: E, file: StaticString = #filePath, line: UInt = #line, _ body: () throws -> Void
) {
    do {
        try body()
        XCTFail("Expected \(expected) but nothing was thrown", file: file, line: line)
    } catch {
        XCTAssertEqual(error as? E, expected, file: file, line: line)
    }
}

/// Builds asset CSV text for tests from a known-good record with some columns replaced.
enum AssetCSVFixture {
    static let headerLine = AssetCSV.header.joined(separator: ",")

    static let good: [String: String] = [
        "tag": "RIV-0001", "serial": "SN1", "kind": "laptop", "make": "Dell", "model": "Latitude 5440",
        "owner_ods": "L81008", "funder": "commissioner", "person_email": "jo.bloggs@nhs.net", "location": "Leeds",
        "state": "in_use", "encryption": "encrypted", "operating_system": "Windows 11", "os_end_of_support": "2029-10-09",
        "last_seen": "2025-06-01T09:30:00Z", "personal": "no", "certificate": "",
    ]

    /// One data line: the good record with `changes` applied, written without quoting.
    static func record(_ changes: [String: String] = [:]) -> String {
        AssetCSV.header.map { changes[$0] ?? good[$0]! }.joined(separator: ",")
    }

    /// A file of the header then `lines`, separated by LF.
    static func file(_ lines: String...) -> String {
        ([headerLine] + lines).joined(separator: "\n")
    }

    /// The error messages for a file holding just the good record with `changes`.
    static func messages(_ changes: [String: String]) -> [String] {
        AssetCSV.parse(file(record(changes))).errors.map(\.message)
    }

    /// The row the good record parses to.
    static let goodRow = AssetRow(
        tag: "RIV-0001", serial: "SN1", kind: .laptop, make: "Dell", model: "Latitude 5440", ownerODS: "L81008",
        funder: .commissioner, personEmail: "jo.bloggs@nhs.net", location: "Leeds", state: .inUse, encryption: .encrypted,
        operatingSystem: "Windows 11", osEndOfSupport: "2029-10-09", lastSeen: "2025-06-01T09:30:00Z", personal: false,
        certificate: nil)
}
