@testable import App
import Domain
import Foundation
import Testing

/// The patient's pages, signed out: the red-flag screen with a question left unanswered, the urgent advice, the form
/// with an error, and the reply link's date-of-birth check.
struct PatientPagesViewTests {
    @Test func theRedFlagScreenWithAQuestionUnanswered() {
        // setup
        let model = NewTriageRequest.Screen.Model(
            practice: SnapshotFixtures.practice, state: .open, acceptsWhenClosed: true,
            errors: [
                FormError(field: "flag_choking", message: "Answer yes or no to every question, so we know it is safe to wait for a reply")
            ],
            answers: [.chestPain: false, .strokeSigns: false, .severeBreathlessness: false])
        // MUT + validate
        assertPageSnapshot(NewTriageRequest.Screen.View(model: model, chrome: SnapshotFixtures.chrome()).html)
    }

    @Test func theUrgentAdvice() throws {
        let advice = try #require(RedFlag.advice(for: [.chestPain]))
        let model = NewTriageRequest.Advice.Model(practice: SnapshotFixtures.practice, flags: [.chestPain], advice: advice)
        assertPageSnapshot(NewTriageRequest.Advice.View(model: model, chrome: SnapshotFixtures.chrome()).html)
    }

    @Test func theFormWithAnError() {
        let form = TriageRequestForm(submission: "snapshot-submission", redFlags: "chestPain")
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
