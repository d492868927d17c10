@testable import App
import Domain
import Foundation
import Testing
import Vapor

/// The page shown for an error, to someone signed in.
struct ErrorPageViewTests {
    @Test func aPageThatIsNotThere() {
        // setup
        let model = ErrorPage.Model(status: .notFound, detail: "There is no organisation X99 that you can see.")
        // MUT + validate
        assertPageSnapshot(ErrorPage.View(model: model, chrome: SnapshotFixtures.chrome(SnapshotFixtures.staff(.gp))).html)
    }
}
