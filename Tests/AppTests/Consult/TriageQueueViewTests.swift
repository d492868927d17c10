@testable import App
import Domain
import Foundation
import Testing

/// The triage queue as a GP sees it: page 2 of 734, a duty alert, a red-flagged request from a possible flood assigned
/// to them, one due within the hour and an overdue one.
struct TriageQueueViewTests {
    @Test func aQueueWithARedFlagAFloodADutyAlertAndDueAndOverdueMarks() {
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
        let dueSoon = ConsultFixtures.request(
            id: "00000000-0000-0000-0000-0000000000f3", reference: "RQ-5T6Y7U", givenName: "Kim", familyName: "Lee",
            received: now.addingTimeInterval(-2 * 86400), replyBy: now.addingTimeInterval(40 * 60))
        let alert = try! DutyAlert(request: flagged, reason: .unclaimedUrgent, clinician: nil, body: "", at: now)
        let model = TriageQueue.Model(
            filters: .init(status: "open", kind: "medical", mine: "yes", page: 2), requests: [flagged, dueSoon, overdue],
            counts: [.new: 1, .inTriage: 1, .waitingForPatient: 0, .booked: 0], assigneeNames: [staff.person.id!: staff.person.name],
            floods: [PossibleFlood(clientDigest: "digest-care-home", requests: 12)], now: now, total: 734,
            dutyAlerts: [CurrentDutyAlert(alert: alert, reference: flagged.reference, requestID: flagged.id!, replyBy: flagged.replyBy)])
        // MUT + validate
        assertPageSnapshot(TriageQueue.View(model: model, chrome: SnapshotFixtures.chrome(staff)).html)
    }

    @Test func anEmptyQueue() {
        let model = TriageQueue.Model(filters: .init(), requests: [], counts: [:], assigneeNames: [:], now: SnapshotFixtures.now)
        assertPageSnapshot(TriageQueue.View(model: model, chrome: SnapshotFixtures.chrome(SnapshotFixtures.staff(.receptionist))).html)
    }

    @Test func dutyAlertsPage() {
        let now = SnapshotFixtures.now
        let request = ConsultFixtures.request(
            id: "00000000-0000-0000-0000-0000000000f1", reference: "RQ-7K3M9P", givenName: "Sam", familyName: "Jones",
            received: now.addingTimeInterval(-40 * 60), replyBy: now.addingTimeInterval(30 * 60), urgency: .today)
        let alert = try! DutyAlert(request: request, reason: .unclaimedUrgent, clinician: nil, body: "", at: now)
        alert.emailStatus = .sent
        alert.recipient = "asha.patel@nhs.example"
        let model = DutyAlerts.Model(
            alerts: [CurrentDutyAlert(alert: alert, reference: request.reference, requestID: request.id!, replyBy: request.replyBy)],
            dutyClinician: "Dr Asha Patel", minutes: 30, now: now)
        assertPageSnapshot(DutyAlerts.View(model: model, chrome: SnapshotFixtures.chrome(SnapshotFixtures.staff(.gp))).html)
    }
}
