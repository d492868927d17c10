@testable import App
import Domain
import Foundation
import Testing

/// The home page as a GP engaged at one practice sees it: signed in with a password, and with NHS CIS2.
struct HomeViewTests {
    @Test func theHomePage() {
        // setup
        let staff = SnapshotFixtures.staff(.gp)
        // MUT + validate
        assertPageSnapshot(Home.View(model: Home.Model(name: staff.person.name, engagements: staff.engagements), chrome: SnapshotFixtures.chrome(staff)).html)
    }

    @Test func theHomePageSignedInWithCIS2() {
        // setup
        let staff = SnapshotFixtures.staff(.gp)
        let signIn = Home.SignInSummary(method: "NHS Care Identity", level: .aal3, requested: .aal2, offersCIS2: true, cis2Linked: true)
        // MUT + validate
        assertPageSnapshot(
            Home.View(model: Home.Model(name: staff.person.name, engagements: staff.engagements, signIn: signIn), chrome: SnapshotFixtures.chrome(staff)).html)
    }
}
