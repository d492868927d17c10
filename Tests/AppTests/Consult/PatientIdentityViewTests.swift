@testable import App
import Domain
import Foundation
import Testing

/// The pages that ask who the patient is: the code for their mobile number after a wrong try, and the date of birth
/// a video link asks before the call.
struct PatientIdentityViewTests {
    @Test func theMobileCodePageAfterAWrongCode() {
        // setup
        let model = MobileNumberCheck.Model(
            practice: SnapshotFixtures.practice, reference: "RQ-ABC234", key: "snapshot-key", mobileEnding: "123",
            notice: "A new code is on its way. Use the newest code: the earlier ones no longer work.",
            errors: [FormError(field: "code", message: MobileCheckState.open(attemptsLeft: 4).message)], canSendAnother: true)
        // MUT + validate
        assertPageSnapshot(MobileNumberCheck.View(model: model, chrome: SnapshotFixtures.chrome()).html)
    }

    @Test func theVideoLinksDateOfBirthCheck() {
        // setup
        let consultation = VideoConsultation(
            organisationID: SnapshotFixtures.practice.id!, clinicianID: UUID(uuidString: "00000000-0000-0000-0000-0000000000c1")!,
            requestID: nil, patientName: "Bilal Rahman", patientDateOfBirth: CalendarDay("1990-07-02"),
            slotAt: SnapshotFixtures.now.addingTimeInterval(3600), bookedByID: UUID(uuidString: "00000000-0000-0000-0000-0000000000c2")!,
            now: SnapshotFixtures.now)
        let model = VideoPatient.Model(consultation: consultation, practice: SnapshotFixtures.practice.name, participant: .patient, token: "snapshot-token")
        // MUT + validate
        assertPageSnapshot(VideoPatient.Verify.View(model: model, errors: [], chrome: SnapshotFixtures.chrome()).html)
    }
}
