import Domain
import Foundation
import XCTest

final class ReadinessTests: XCTestCase {
    func testNeedsAreOrderedAsDeclared() {
        XCTAssertEqual(Need.allCases.shuffled().sorted(), Need.allCases)
        XCTAssertLessThan(Need.laptop, Need.device)
        XCTAssertLessThan(Need.secondFactor, Need.headset)
        XCTAssertEqual(
            Need.allCases.map(\.displayName),
            [
                "Laptop", "Laptop, desktop or tablet", "Work phone", "SIM or data plan", "Second factor enrolled",
                "Desktop pool seat", "Video consultation access", "Headset", "Webcam", "Smartcard",
            ])
    }

    func testCredentialsAreNotKit() {
        XCTAssertEqual(Set(Need.allCases.filter { !$0.isKit }), [.secondFactor, .desktopSeat, .videoAccess])
        for need in Need.allCases {
            XCTAssertEqual(need.kindToRequest == nil, !need.isKit, "\(need)")
        }
        XCTAssertEqual(Need.device.kindToRequest, .laptop)
        XCTAssertEqual(Need.dataPlan.kindToRequest, .dataPlan)
    }

    func testAnyComputerMeetsDeviceButOnlyALaptopMeetsLaptop() {
        for kind in [AssetKind.laptop, .desktop, .tablet] {
            XCTAssertTrue(Need.device.isMet(by: [kind]))
        }
        XCTAssertFalse(Need.device.isMet(by: [.phone, .headset]))
        XCTAssertFalse(Need.laptop.isMet(by: [.desktop, .tablet]))
        XCTAssertTrue(Need.laptop.isMet(by: [.laptop]))
        XCTAssertTrue(Need.dataPlan.isMet(by: [.dataPlan]))
        XCTAssertFalse(Need.smartcard.isMet(by: [.smartcardReader]))
        XCTAssertFalse(Need.secondFactor.isMet(by: Set(AssetKind.allCases)))
    }

    func testStandardProfiles() {
        let expected: [StaffRole: Set<Need>] = [
            .gp: [.laptop, .secondFactor, .desktopSeat, .headset, .webcam, .videoAccess],
            .nurse: [.laptop, .secondFactor, .desktopSeat, .headset, .webcam],
            .pharmacist: [.laptop, .secondFactor, .desktopSeat, .headset, .webcam],
            .receptionist: [.device, .secondFactor, .desktopSeat, .headset],
            .practiceManager: [.laptop, .secondFactor, .desktopSeat, .headset],
            .commissionerITLead: [.laptop, .secondFactor],
            .nationalAdmin: [.laptop, .secondFactor],
            .systemAdmin: [.laptop, .secondFactor],
        ]
        for role in StaffRole.allCases {
            XCTAssertEqual(EntitlementProfile.standard(for: role), EntitlementProfile(role: role, needs: expected[role]!))
        }
    }

    func testCombinedProfilesAreTheUnionWithALaptopCoveringAnyDevice() {
        let standard = EntitlementProfile.standard
        XCTAssertEqual(EntitlementProfile.combined([]), [])
        XCTAssertEqual(EntitlementProfile.combined([standard(.receptionist)]), [.device, .secondFactor, .desktopSeat, .headset])
        XCTAssertEqual(
            EntitlementProfile.combined([standard(.receptionist), standard(.practiceManager)]),
            [.laptop, .secondFactor, .desktopSeat, .headset])
        XCTAssertEqual(
            EntitlementProfile.combined([standard(.commissionerITLead), standard(.gp)]),
            [.laptop, .secondFactor, .desktopSeat, .headset, .webcam, .videoAccess])
        let custom = EntitlementProfile(role: .nurse, needs: [.phone, .dataPlan, .smartcard])
        XCTAssertEqual(
            EntitlementProfile.combined([custom, standard(.nurse)]), standard(.nurse).needs.union([.phone, .dataPlan, .smartcard]))
    }

    func testMissingIsInNeedOrderAndCountsCredentials() {
        let kit = PersonKit(kinds: [.headset], hasSecondFactor: false, hasDesktopSeat: true, hasVideoAccess: false)
        let gp = EntitlementProfile.standard(for: .gp).needs
        XCTAssertEqual(kit.missing(gp), [.laptop, .secondFactor, .videoAccess, .webcam])
        let ready = PersonKit(kinds: [.laptop, .headset, .webcam], hasSecondFactor: true, hasDesktopSeat: true, hasVideoAccess: true)
        XCTAssertEqual(ready.missing(gp), [])
        XCTAssertEqual(ready.missing([]), [])
    }

    func testALaptopNeedAsksForOneLaptopNotTwo() {
        let nothing = PersonKit(kinds: [], hasSecondFactor: true, hasDesktopSeat: true, hasVideoAccess: true)
        XCTAssertEqual(nothing.missing([.laptop, .device]), [.laptop])
        let desktop = PersonKit(kinds: [.desktop], hasSecondFactor: true, hasDesktopSeat: true, hasVideoAccess: true)
        XCTAssertEqual(desktop.missing([.device]), [])
        XCTAssertEqual(desktop.missing([.laptop, .device]), [.laptop])
    }

    func testReadinessTargetIsAWholePercentage() throws {
        XCTAssertEqual(ReadinessTarget.standard, 60)
        XCTAssertEqual(try ReadinessTarget(percent: 1).percent, 1)
        XCTAssertEqual(try ReadinessTarget(percent: 100).percent, 100)
        for bad in [0, -1, 101, Int.max, Int.min] {
            assertEstateThrows(ReadinessTargetError.outOfRange(bad)) { _ = try ReadinessTarget(percent: bad) }
        }
        XCTAssertEqual(ReadinessTargetError.outOfRange(0).description, "A readiness target is a whole percentage from 1 to 100.")
    }

    func testReadinessTargetDecodingIsChecked() throws {
        let target = try ReadinessTarget(percent: 75)
        let data = try JSONEncoder().encode(target)
        XCTAssertEqual(String(decoding: data, as: UTF8.self), #"{"percent":75}"#)
        XCTAssertEqual(try JSONDecoder().decode(ReadinessTarget.self, from: data), target)
        XCTAssertThrowsError(try JSONDecoder().decode(ReadinessTarget.self, from: Data(#"{"percent":0}"#.utf8)))
        XCTAssertThrowsError(try JSONDecoder().decode(ReadinessTarget.self, from: Data(#"{"percent":101}"#.utf8)))
    }

    func testAnOrganisationWithNoStaffIsNeitherReadyNorShort() {
        let empty = OrganisationReadiness(staff: 0, ready: 0, target: 60)
        XCTAssertEqual(empty.percent, 0)
        XCTAssertFalse(empty.meetsTarget)
        XCTAssertEqual(empty.shortfall, 0)
    }

    func testExactlyOnTargetMeetsIt() {
        let onTarget = OrganisationReadiness(staff: 10, ready: 6, target: 60)
        XCTAssertEqual(onTarget.percent, 60)
        XCTAssertTrue(onTarget.meetsTarget)
        XCTAssertEqual(onTarget.shortfall, 0)
        let oneShort = OrganisationReadiness(staff: 10, ready: 5, target: 60)
        XCTAssertFalse(oneShort.meetsTarget)
        XCTAssertEqual(oneShort.shortfall, 1)
    }

    func testPercentRoundsDownButTheTargetRoundsUp() {
        // 2 of 3 is 66.7%: shown as 66, and enough for 60% (1.8 people, so 2).
        let twoOfThree = OrganisationReadiness(staff: 3, ready: 2, target: 60)
        XCTAssertEqual(twoOfThree.percent, 66)
        XCTAssertTrue(twoOfThree.meetsTarget)
        XCTAssertEqual(OrganisationReadiness(staff: 3, ready: 1, target: 60).shortfall, 1)
        XCTAssertEqual(OrganisationReadiness(staff: 3, ready: 0, target: 60).shortfall, 2)
        XCTAssertEqual(OrganisationReadiness(staff: 1, ready: 0, target: 1).shortfall, 1)
        // 66% of 3 is 1.98 people: 2 are enough, and 2 of 3 meets it.
        XCTAssertTrue(OrganisationReadiness(staff: 3, ready: 2, target: 66).meetsTarget)
        XCTAssertFalse(OrganisationReadiness(staff: 3, ready: 2, target: 67).meetsTarget)
        XCTAssertEqual(OrganisationReadiness(staff: 3, ready: 2, target: 67).shortfall, 1)
    }

    func testATargetOfOneHundredNeedsEveryone() {
        let almost = OrganisationReadiness(staff: 7, ready: 6, target: 100)
        XCTAssertEqual(almost.percent, 85)
        XCTAssertFalse(almost.meetsTarget)
        XCTAssertEqual(almost.shortfall, 1)
        let all = OrganisationReadiness(staff: 7, ready: 7, target: 100)
        XCTAssertEqual(all.percent, 100)
        XCTAssertTrue(all.meetsTarget)
        XCTAssertEqual(all.shortfall, 0)
    }

    func testRollupAddsUpOrganisations() {
        let empty = ReadinessRollup([])
        XCTAssertEqual([empty.organisations, empty.meetingTarget, empty.staff, empty.ready, empty.percent], [0, 0, 0, 0, 0])
        let rollup = ReadinessRollup([
            OrganisationReadiness(staff: 10, ready: 6, target: 60),
            OrganisationReadiness(staff: 20, ready: 5, target: 60),
            OrganisationReadiness(staff: 0, ready: 0, target: 60),
            OrganisationReadiness(staff: 3, ready: 3, target: 100),
        ])
        XCTAssertEqual(rollup.organisations, 4)
        XCTAssertEqual(rollup.meetingTarget, 2)
        XCTAssertEqual(rollup.staff, 33)
        XCTAssertEqual(rollup.ready, 14)
        XCTAssertEqual(rollup.percent, 42)
    }
}
