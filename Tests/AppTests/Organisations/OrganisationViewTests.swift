@testable import App
import Domain
import Foundation
import Testing

/// The organisation pages as an ICB's commissioner IT lead sees them.
struct OrganisationViewTests {
    /// The first of two pages of a search.
    @Test func aSearchWithAnotherPage() {
        // setup
        let staff = SnapshotFixtures.staff(.commissionerITLead, at: SnapshotFixtures.icb)
        let practice = Organisation(
            id: UUID(uuidString: "00000000-0000-0000-0000-0000000000a1")!, odsCode: "D84001", name: "Castle Street Surgery", kind: .practice
        )
        practice.postcode = "LS1 4AP"
        let model = OrganisationList.Model(organisations: [practice, SnapshotFixtures.icb], total: 51, page: 1, search: "Castle & co")
        // MUT + validate
        assertPageSnapshot(OrganisationList.View(model: model, chrome: SnapshotFixtures.chrome(staff)).html)
    }

    @Test func aPracticesDetails() {
        let staff = SnapshotFixtures.staff(.commissionerITLead, at: SnapshotFixtures.icb)
        let practice = Organisation(
            id: UUID(uuidString: "00000000-0000-0000-0000-0000000000a2")!, odsCode: "D84002", name: "Riverside Medical Centre",
            kind: .practice, parentID: SnapshotFixtures.icb.id)
        practice.address = "1 River Road, Leeds"
        practice.postcode = "LS2 7AA"
        let model = OrganisationShow.Model(organisation: practice, parent: SnapshotFixtures.icb, pcn: nil, staffCount: 14)
        assertPageSnapshot(OrganisationShow.View(model: model, chrome: SnapshotFixtures.chrome(staff)).html)
    }
}
