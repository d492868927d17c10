@testable import App
import Domain
import Foundation
import Testing

/// A GP's own estate page: a laptop in their name, a headset delivered for them to accept, a gap, and their own phone
/// with a claim that was refused for its amount.
struct EstateHomeViewTests {
    @Test func aPersonWithKitADeliveryAGapAndTheirOwnPhone() {
        // setup
        let staff = SnapshotFixtures.staff(.gp)
        let me = staff.person.id!
        let laptop = EstateFixtures.asset(
            id: "00000000-0000-0000-0000-0000000000e1", tag: "CSS-0042", kind: .laptop, make: "Dell", model: "Latitude 5440", person: me)
        let headset = EstateFixtures.asset(
            id: "00000000-0000-0000-0000-0000000000e2", tag: "CSS-0107", kind: .headset, make: "Jabra", model: "Evolve2 40",
            state: .inTransit, person: me)
        headset.requestLineID = UUID(uuidString: "00000000-0000-0000-0000-0000000000d1")!
        let phone = EstateFixtures.asset(
            id: "00000000-0000-0000-0000-0000000000e3", tag: "OWN-1A2B3C4D", kind: .phone, make: "Pixel 8", model: "", person: me,
            personal: true)
        let delivered = EstateFixtures.line(
            id: "00000000-0000-0000-0000-0000000000d1", request: "00000000-0000-0000-0000-0000000000d0", kind: .headset, person: me)
        let model = EstateHome.Model(
            kit: [laptop, headset], own: [phone], toAccept: [delivered], missing: [.secondFactor], hasSecondFactor: false,
            poolNames: ["Castle Street desktops"], consultsByVideo: true, notices: [], mayViewEstate: false, mayManageOrFund: false,
            errors: [FormError(field: "amount-\(phone.id!)", message: "Enter the amount in pounds, such as 120 or 24.99.")])
        // MUT + validate
        assertPageSnapshot(EstateHome.View(model: model, chrome: SnapshotFixtures.chrome(staff)).html)
    }

    @Test func aPracticeManagerWithNothingRecorded() {
        let staff = SnapshotFixtures.staff(.practiceManager, name: "Sam Okafor")
        let model = EstateHome.Model(
            kit: [], own: [], toAccept: [], missing: [], hasSecondFactor: true, poolNames: [], consultsByVideo: false, notices: [],
            mayViewEstate: true, mayManageOrFund: true, errors: [])
        assertPageSnapshot(EstateHome.View(model: model, chrome: SnapshotFixtures.chrome(staff)).html)
    }
}
