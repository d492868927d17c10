@testable import App
import Domain
import Foundation
import Testing

/// The retention page: one period changed from its default, and the last run's counts.
struct RetentionViewTests {
    @Test func periodsReasonsAndTheLastRun() {
        // setup
        let staff = SnapshotFixtures.staff(.systemAdmin, name: "Alex Admin")
        let model = RetentionShow.Model(
            policy: RetentionPolicy([.photos: 60]), schedule: NightlySchedule(hour: 2, minute: 30),
            lastRun: .init(at: SnapshotFixtures.now.addingTimeInterval(-5 * 3600), removed: [.photos: 4, .replyLinks: 12]),
            nextRun: NightlySchedule(hour: 2, minute: 30).next(after: SnapshotFixtures.now))
        // MUT + validate
        assertPageSnapshot(RetentionShow.View(model: model, chrome: SnapshotFixtures.chrome(staff)).html)
    }
}
