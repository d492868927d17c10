@testable import App
import Domain
import Foundation
import Testing

/// The triage queue as a GP sees it: a red-flagged request from a possible flood, assigned to them, and an overdue one.
struct TriageQueueViewTests {
    @Test func aQueueWithARedFlagAFloodAndAnOverdueRequest() {
        // setup
        let staff = SnapshotFixtures.staff(.gp)
        let now = SnapshotFixtures.now
        let flagged = ConsultFixtures.request(
            id: "00000000-0000-0000-0000-0000000000f1", reference: "RQ-7K3M9P", givenName: "Sam", familyName: "Jones",
            received: now.addingTimeInterval(-40 * 60), replyBy: now.addingTimeInterval(6 * 3600), redFlags: [.chestPain],
            urgency: .today, status: .inTriage, assignee: staff.person.id, clientDigest: "digest-care-home")
        let overdue = ConsultFixtures.request(
            id: "00000000-0000-0000-0000-0000000000f2", reference: "RQ-2B8C4D", givenName: "Alex", familyName: "Brown",
            received: now.addingTimeInterval(-3 * 86400), replyBy: now.addingTimeInterval(-3600))
        let model = TriageQueue.Model(
            filters: .init(status: "open", mine: "yes"), requests: [flagged, overdue],
            counts: [.new: 1, .inTriage: 1, .waitingForPatient: 0, .booked: 0], assigneeNames: [staff.person.id!: staff.person.name],
            floods: [PossibleFlood(clientDigest: "digest-care-home", requests: 12)], now: now)
        // MUT + validate
        assertPageSnapshot(TriageQueue.View(model: model, chrome: SnapshotFixtures.chrome(staff)).html)
    }

    @Test func anEmptyQueue() {
        let model = TriageQueue.Model(filters: .init(), requests: [], counts: [:], assigneeNames: [:], now: SnapshotFixtures.now)
        assertPageSnapshot(TriageQueue.View(model: model, chrome: SnapshotFixtures.chrome(SnapshotFixtures.staff(.receptionist))).html)
    }
}
