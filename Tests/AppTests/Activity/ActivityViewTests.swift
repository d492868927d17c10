@testable import App
import Domain
import Foundation
import Testing

/// The activity page: an ICB's practices side by side, and one practice's month day by day.
struct ActivityViewTests {
    static let november = ActivityMonth("2026-11")!
    static let second = Organisation(
        id: UUID(uuidString: "00000000-0000-0000-0000-0000000000a2")!, odsCode: "D84002", name: "Riverside Medical Centre", kind: .practice)

    /// A few requests, a red flag sent after advice, a throttled form and a video call, in November 2026.
    static func activity(requests count: Int) -> PracticeActivity {
        let start = november.interval.lowerBound.addingTimeInterval(9 * 3600)
        let requests = (0..<count).map { index in
            let received = start.addingTimeInterval(Double(index) * 86_400 * 2)
            return RequestFact(
                receivedAt: received, category: [.clinical, .medication, .admin][index % 3], channel: index == 1 ? .proxy : .patient,
                urgency: index == 0 ? .today : .routine, redFlagged: index == 0,
                firstTriagedAt: received.addingTimeInterval(Double(index + 1) * 900),
                outcome: index % 2 == 0 ? .adviceGiven : nil)
        }
        let slot = start.addingTimeInterval(86_400)
        let videos = [VideoFact(slotAt: slot, callStartedAt: slot, endedAt: slot.addingTimeInterval(720), outcome: .adviceGiven)]
        let tallies = [FormTally(day: november.firstDay, adviceShown: 2, refused: 0, throttled: 1)]
        return PracticeActivity(month: november, requests: requests, videos: videos, tallies: tallies)
    }

    @Test func anICBSeesItsPracticesSideBySide() {
        // setup
        let staff = SnapshotFixtures.staff(.commissionerITLead, name: "Chris Lead", at: SnapshotFixtures.icb)
        let model = ActivityShow.Model(
            month: Self.november, acting: SnapshotFixtures.icb,
            lines: [
                .init(practice: SnapshotFixtures.practice, activity: Self.activity(requests: 5)),
                .init(practice: Self.second, activity: Self.activity(requests: 2)),
            ],
            sideBySide: true, chosen: nil)
        // MUT + validate
        assertPageSnapshot(ActivityShow.View(model: model, chrome: SnapshotFixtures.chrome(staff)).html)
    }

    @Test func aPracticeSeesItsMonthDayByDay() {
        let staff = SnapshotFixtures.staff(.practiceManager, name: "Sam Okafor")
        let model = ActivityShow.Model(
            month: Self.november, acting: SnapshotFixtures.practice,
            lines: [.init(practice: SnapshotFixtures.practice, activity: Self.activity(requests: 3))], sideBySide: false, chosen: nil)
        assertPageSnapshot(ActivityShow.View(model: model, chrome: SnapshotFixtures.chrome(staff)).html)
    }
}
