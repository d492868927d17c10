@testable import App
import Domain
import Foundation
import Testing

/// The patient's pages, signed out: who the request is for, a child's screen of questions, the advice (999 now, or
/// today while closed), the closed page, the form with an error, and the reply link's date-of-birth check.
struct PatientPagesViewTests {
    static let box = try! SecretBox(keyBytes: [UInt8](repeating: 7, count: 32))

    static func redFlagSet() throws -> RedFlagSet {
        try RedFlagSet.parse(Data(contentsOf: ArchitectureDocTests.packageRoot.appendingPathComponent("config/red-flags.json")))
    }

    static func screened(_ subject: RequestSubject, _ flags: [RedFlag]) -> NewTriageRequest.Form.Screened {
        NewTriageRequest.Form.Screened(
            subject: subject, flags: flags, version: "2026-12-06.1", submission: "snapshot-submission", proof: "1796630400.snapshot")
    }

    @Test func whoTheRequestIsForLeftUnanswered() {
        // setup
        let model = NewTriageRequest.Screen.Model(
            practice: SnapshotFixtures.practice, state: .open, acceptsWhenClosed: true,
            errors: [FormError(field: "subject", message: "Choose who the request is for")], subject: nil)
        // MUT + validate
        assertPageSnapshot(NewTriageRequest.Screen.View(model: model, chrome: SnapshotFixtures.chrome()).html)
    }

    @Test func aChildsSecondScreenWithNothingTicked() throws {
        let set = try Self.redFlagSet()
        let progress = NewTriageRequest.Progress(
            subject: .child, step: 1, answered: [], version: set.version, token: "1796630400.snapshot")
        let model = NewTriageRequest.Questions.Model(
            practice: SnapshotFixtures.practice, leadIn: set.leadIn(for: .child), screen: set.screens(for: .child)[1],
            count: set.screens(for: .child).count, progress: progress,
            errors: [FormError(field: "flags", message: "Tick any that apply, or tick “None of these”")])
        assertPageSnapshot(NewTriageRequest.Questions.View(model: model, chrome: SnapshotFixtures.chrome()).html)
    }

    @Test func theUrgentAdvice() throws {
        let advice = try #require(UrgentAdvice.advice(for: [.chestPain: .emergency]))
        let model = NewTriageRequest.Advice.Model(
            practice: SnapshotFixtures.practice, flags: [.chestPain], advice: advice, proceed: Self.screened(.me, [.chestPain]))
        assertPageSnapshot(NewTriageRequest.Advice.View(model: model, chrome: SnapshotFixtures.chrome()).html)
    }

    @Test func theAdviceToContactThePracticeTodayWhileItIsClosed() throws {
        let model = NewTriageRequest.Advice.Model(
            practice: SnapshotFixtures.practice, flags: [.highTemperatureUnwell], advice: .contactToday, proceed: nil)
        assertPageSnapshot(NewTriageRequest.Advice.View(model: model, chrome: SnapshotFixtures.chrome()).html)
    }

    @Test func closedAfterAClearScreen() {
        let model = NewTriageRequest.Closed.Model(
            practice: SnapshotFixtures.practice, reason: .outsideHours(nextOpening: SnapshotFixtures.now.addingTimeInterval(86_400)))
        assertPageSnapshot(NewTriageRequest.Closed.View(model: model, chrome: SnapshotFixtures.chrome()).html)
    }

    @Test func theFormWithAnError() {
        let form = Self.screened(.child, [.worseningFast]).form
        let model = NewTriageRequest.Form.Model(
            practice: SnapshotFixtures.practice, form: form,
            errors: [FormError(field: "description", message: "Tell us what you need help with")])
        assertPageSnapshot(NewTriageRequest.Form.View(model: model, chrome: SnapshotFixtures.chrome()).html)
    }

    @Test func theReplyLinksDateOfBirthCheck() {
        let model = PatientReply.Verify.Model(token: "snapshot-token", errors: [])
        assertPageSnapshot(PatientReply.Verify.View(model: model, chrome: SnapshotFixtures.chrome()).html)
    }
}
