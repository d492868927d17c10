import Domain
import Foundation
import XCTest

final class GapRequestTests: XCTestCase {
    let asha = UUID()
    let ben = UUID()
    let cara = UUID()
    let dev = UUID()

    func testOneLinePerPersonPerMissingKitInPersonThenNeedOrder() {
        let gaps = [
            PersonGap(personID: asha, name: "Dr Asha Patel", missing: [.headset, .secondFactor, .laptop]),
            PersonGap(personID: ben, name: "Ben Okafor", missing: [.webcam, .device, .desktopSeat]),
        ]
        XCTAssertEqual(
            GapRequest.lines(for: gaps),
            [
                DraftLine(kind: .laptop, quantity: 1, personID: asha, unitCost: 75_000),
                DraftLine(kind: .headset, quantity: 1, personID: asha, unitCost: 4_000),
                DraftLine(kind: .laptop, quantity: 1, personID: ben, unitCost: 75_000),
                DraftLine(kind: .webcam, quantity: 1, personID: ben, unitCost: 5_000),
            ])
        XCTAssertEqual(GapRequest.lines(for: gaps).map(\.lineCost), [75_000, 4_000, 75_000, 5_000])
    }

    func testLaptopAndDeviceTogetherAskForOneLaptop() {
        let gaps = [PersonGap(personID: asha, name: "Asha", missing: [.device, .laptop, .phone, .dataPlan, .smartcard])]
        XCTAssertEqual(GapRequest.lines(for: gaps).map(\.kind), [.laptop, .phone, .dataPlan, .smartcard])
    }

    func testCredentialsAreActionsNotLines() {
        let gaps = [
            PersonGap(personID: asha, name: "Asha", missing: [.videoAccess, .secondFactor]),
            PersonGap(personID: ben, name: "Ben", missing: [.headset]),
            PersonGap(personID: cara, name: "Cara", missing: [.desktopSeat, .laptop]),
        ]
        let actions = GapRequest.credentialActions(for: gaps)
        XCTAssertEqual(actions.map(\.personID), [asha, asha, cara])
        XCTAssertEqual(actions.map(\.need), [.secondFactor, .videoAccess, .desktopSeat])
        XCTAssertEqual(GapRequest.lines(for: gaps).map(\.kind), [.headset, .laptop])
        XCTAssertTrue(GapRequest.lines(for: [PersonGap(personID: asha, name: "Asha", missing: [.secondFactor])]).isEmpty)
    }

    func testJustificationCountsPeopleWithoutNamingThem() {
        let gaps = [
            PersonGap(personID: asha, name: "Dr Asha Patel", missing: [.headset, .laptop]),
            PersonGap(personID: ben, name: "Ben Okafor", missing: [.laptop]),
            PersonGap(personID: cara, name: "Cara Jones", missing: [.secondFactor]),
            PersonGap(personID: dev, name: "Dev Shah", missing: []),
        ]
        let text = GapRequest.justification(for: gaps, organisation: "Riverside Surgery")
        XCTAssertEqual(
            text,
            "3 of 4 staff at Riverside Surgery cannot work remotely: 2 need a laptop, 1 a second factor enrolled and 1 a headset. "
                + "The kit requested costs £1,540.00 in all.")
        XCTAssertFalse(text.contains("Asha"))
        XCTAssertEqual(GapRequest.justification(for: gaps.reversed(), organisation: "Riverside Surgery"), text)
    }

    func testJustificationForOneOrNone() {
        XCTAssertEqual(
            GapRequest.justification(for: [PersonGap(personID: asha, name: "Asha", missing: [.webcam])], organisation: "Hill Top"),
            "1 of 1 staff at Hill Top cannot work remotely: 1 needs a webcam. The kit requested costs £50.00 in all.")
        XCTAssertEqual(
            GapRequest.justification(for: [PersonGap(personID: asha, name: "Asha", missing: [.videoAccess])], organisation: "Hill Top"),
            "1 of 1 staff at Hill Top cannot work remotely: 1 needs video consultation access.")
        XCTAssertEqual(
            GapRequest.justification(for: [PersonGap(personID: asha, name: "Asha", missing: [])], organisation: "Hill Top"),
            "All 1 staff at Hill Top can already work remotely.")
        XCTAssertEqual(GapRequest.justification(for: [], organisation: "Hill Top"), "No staff are recorded at Hill Top yet.")
    }

    func testDraftLineCost() {
        XCTAssertEqual(DraftLine(kind: .headset, quantity: 12, unitCost: 4_000).lineCost, 48_000)
        XCTAssertNil(DraftLine(kind: .headset, unitCost: 4_000).personID)
    }
}
