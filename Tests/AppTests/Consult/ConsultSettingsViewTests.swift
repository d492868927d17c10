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
        let model = OnlineRequestSettings.Model(
            capacity: .typicalPractice, acceptWhenClosed: true, templates: [template], closures: [closure],
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
        let model = Outbox.Model(messages: [message])
        assertPageSnapshot(Outbox.View(model: model, chrome: SnapshotFixtures.chrome(SnapshotFixtures.staff(.receptionist))).html)
    }
}
