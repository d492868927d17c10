@testable import App
import Domain
import Foundation
import Testing

/// The consult pages a practice manager reads: the online-request settings just saved, and the demo outbox.
struct ConsultSettingsViewTests {
    @Test func theSettingsJustSaved() {
        // setup
        let template = MessageTemplateRecord(
            organisationID: SnapshotFixtures.practice.id!, name: "Photo please", body: "Please send a photo: ((reply_link))")
        let closure = AgreedClosure(
            day: CalendarDay("2026-12-02")!, reason: "Protected learning time", agreedBy: "Dr Asha Patel, ICB primary care lead")
        let holidays = EnglandBankHolidays().days(in: 2026).filter { $0.day >= CalendarDay("2026-12-01")! }
        let gp = UUID(uuidString: "00000000-0000-0000-0000-0000000000d1")!
        let ooh = UUID(uuidString: "00000000-0000-0000-0000-0000000000d2")!
        let model = OnlineRequestSettings.Model(
            capacity: .typicalPractice, acceptWhenClosed: true,
            duty: .init(clinicianID: gp, minutes: "20", providerID: ooh),
            dutyChoices: .init(clinicians: [(gp, "Dr Asha Patel (GP)")], providers: [(ooh, "Severn Out of Hours (NLO01)")]),
            templates: [template], closures: [closure],
            bankHolidays: holidays, errors: [], done: "Saved.")
        // MUT + validate
        assertPageSnapshot(
            OnlineRequestSettings.View(model: model, chrome: SnapshotFixtures.chrome(SnapshotFixtures.staff(.practiceManager))).html)
    }

    @Test func theOutboxWithALink() {
        let message = PatientMessage()
        message.createdAt = SnapshotFixtures.now
        message.channel = .sms
        message.recipient = "+447700900123"
        message.body = "Castle Street Surgery: please reply at https://surgery.example/reply/snapshot-token thank you"
        let request = ConsultFixtures.request(
            id: "00000000-0000-0000-0000-0000000000f1", reference: "RQ-7K3M9P", givenName: "Sam", familyName: "Jones",
            received: SnapshotFixtures.now, replyBy: SnapshotFixtures.now, urgency: .today)
        let alert = try! DutyAlert(
            request: request, reason: .unclaimedUrgent, clinician: nil,
            body: "Duty alert. Request RQ-7K3M9P to Castle Street Surgery is urgent and nobody has claimed it 31 minutes after it arrived. Sign in to open it: https://surgery.example/consult/requests/00000000-0000-0000-0000-0000000000f1",
            at: SnapshotFixtures.now)
        alert.recipient = "asha.patel@nhs.example"
        let model = Outbox.Model(messages: [message], staffEmails: [alert])
        assertPageSnapshot(Outbox.View(model: model, chrome: SnapshotFixtures.chrome(SnapshotFixtures.staff(.receptionist))).html)
    }
}
