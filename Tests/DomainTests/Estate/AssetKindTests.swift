import Domain
import Foundation
import XCTest

final class AssetKindTests: XCTestCase {
    func testRawValuesAndDisplayNames() {
        XCTAssertEqual(
            AssetKind.allCases.map(\.rawValue),
            [
                "laptop", "desktop", "tablet", "phone", "data_plan", "hardware_token", "smartcard", "smartcard_reader",
                "webcam", "headset", "other",
            ])
        XCTAssertEqual(
            AssetKind.allCases.map(\.displayName),
            [
                "Laptop", "Desktop computer", "Tablet", "Phone", "SIM or data plan", "Hardware token", "Smartcard",
                "Smartcard reader", "Webcam", "Headset", "Other",
            ])
        XCTAssertEqual(Funder.allCases.map(\.rawValue), ["practice", "commissioner", "national"])
        XCTAssertEqual(Funder.allCases.map(\.displayName), ["Practice", "Commissioner", "National"])
        XCTAssertEqual(EncryptionStatus.allCases.map(\.rawValue), ["encrypted", "not_encrypted", "unknown"])
        XCTAssertEqual(EncryptionStatus.allCases.map(\.displayName), ["Encrypted", "Not encrypted", "Unknown"])
    }

    func testParseAcceptsRawValuesAndDisplayNamesInAnyCase() {
        for kind in AssetKind.allCases {
            XCTAssertEqual(AssetKind.parse(kind.rawValue), kind)
            XCTAssertEqual(AssetKind.parse(kind.displayName), kind)
            XCTAssertEqual(AssetKind.parse(kind.displayName.uppercased()), kind)
            XCTAssertEqual(AssetKind.parse("  \(kind.rawValue.uppercased())\t\n"), kind)
        }
        XCTAssertEqual(AssetKind.parse("sim"), .dataPlan)
        XCTAssertEqual(AssetKind.parse(" SIM "), .dataPlan)
        XCTAssertEqual(AssetKind.parse("Desktop computer"), .desktop)
        XCTAssertEqual(AssetKind.parse("smartcard reader"), .smartcardReader)
    }

    func testParseRefusesAnythingElse() {
        for text in ["", "   ", "lapptop", "data plan", "laptops", "sim card", "desktop-computer"] {
            XCTAssertNil(AssetKind.parse(text), text)
        }
    }

    func testOnlyComputersAreDevices() {
        XCTAssertEqual(Set(AssetKind.allCases.filter(\.isDevice)), [.laptop, .desktop, .tablet])
    }

    func testTypicalUnitCostsInPence() {
        let costs = Dictionary(uniqueKeysWithValues: AssetKind.allCases.map { ($0, $0.typicalUnitCost) })
        XCTAssertEqual(
            costs,
            [
                .laptop: 75_000, .desktop: 60_000, .tablet: 40_000, .phone: 30_000, .dataPlan: 12_000, .hardwareToken: 3_500,
                .smartcard: 1_000, .smartcardReader: 1_500, .webcam: 5_000, .headset: 4_000, .other: 0,
            ])
    }

    func testCodableUsesRawValues() throws {
        let data = try JSONEncoder().encode([AssetKind.dataPlan, .smartcardReader])
        XCTAssertEqual(String(decoding: data, as: UTF8.self), #"["data_plan","smartcard_reader"]"#)
        XCTAssertEqual(try JSONDecoder().decode([EncryptionStatus].self, from: Data(#"["not_encrypted"]"#.utf8)), [.notEncrypted])
    }
}
