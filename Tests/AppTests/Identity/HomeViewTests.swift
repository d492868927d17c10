@testable import App
import Domain
import Foundation
import Testing

/// The home page as a GP engaged at one practice sees it.
struct HomeViewTests {
    @Test func theHomePage() {
        // setup
        let staff = SnapshotFixtures.staff(.gp)
        // MUT + validate
        assertPageSnapshot(Home.View(model: Home.Model(for: staff), chrome: SnapshotFixtures.chrome(staff)).html)
    }
}
