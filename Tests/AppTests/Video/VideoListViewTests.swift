@testable import App
import Domain
import Foundation
import Testing

/// The video pages: the list with a booking just made, and the clinician's page with a new guest link.
struct VideoListViewTests {
    static let clinician = SnapshotFixtures.staff(.gp)

    static func consultation(state: VideoCallState = .booked) -> VideoConsultation {
        let personID = clinician.person.id!
        let video = VideoConsultation(
            organisationID: SnapshotFixtures.practice.id!, clinicianID: personID, requestID: nil, patientName: "Sam Jones",
            slotAt: SnapshotFixtures.now.addingTimeInterval(2 * 3600), bookedByID: personID, now: SnapshotFixtures.now)
        video.id = UUID(uuidString: "00000000-0000-0000-0000-0000000000c1")!
        video.set(state)
        return video
    }

    @Test func theListJustAfterABooking() {
        // setup
        let staff = Self.clinician
        let model = VideoList.Model(
            consultations: [Self.consultation()], clinicians: [staff.person], me: staff.person.id, form: .init(), errors: [],
            sentLink: "https://surgery.example/video/snapshot-token", today: SnapshotFixtures.today)
        // MUT + validate
        assertPageSnapshot(VideoList.View(model: model, chrome: SnapshotFixtures.chrome(staff)).html)
    }

    @Test func aBookingFormWithErrors() {
        let staff = Self.clinician
        let model = VideoList.Model(
            consultations: [], clinicians: [staff.person], me: staff.person.id,
            form: .init(patientName: "", date: "2026-12-07", channel: "sms"),
            errors: [FormError(field: "patientName", message: "Enter the patient's name")], sentLink: nil, today: SnapshotFixtures.today)
        assertPageSnapshot(VideoList.View(model: model, chrome: SnapshotFixtures.chrome(staff)).html)
    }

    @Test func theClinicianPageWithANewGuestLink() {
        let model = VideoClinician.Model(
            consultation: Self.consultation(), guestLabel: "Interpreter (Polish)", guestLink: "https://surgery.example/video/guest-token",
            errors: [])
        assertPageSnapshot(VideoClinician.View(model: model, chrome: SnapshotFixtures.chrome(Self.clinician)).html)
    }

    @Test func thePatientPage() {
        let model = VideoPatient.Model(
            consultation: Self.consultation(), practice: SnapshotFixtures.practice.name, participant: .patient, token: "snapshot-token")
        assertPageSnapshot(VideoPatient.View(model: model, chrome: SnapshotFixtures.chrome()).html)
    }
}
