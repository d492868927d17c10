@testable import App
import Domain
import Foundation
import Testing

/// One request's page as the GP who holds it sees it: a message and a reply, a note, a video consultation, the forms.
struct TriageRequestViewTests {
    @Test func aRequestWithMessagesNotesAndAVideo() {
        // setup
        let staff = SnapshotFixtures.staff(.gp)
        let now = SnapshotFixtures.now
        let request = ConsultFixtures.request(
            id: "00000000-0000-0000-0000-0000000000f1", reference: "RQ-7K3M9P", givenName: "Sam", familyName: "Jones",
            received: now.addingTimeInterval(-2 * 3600), replyBy: now.addingTimeInterval(6 * 3600), urgency: .soon, status: .inTriage,
            assignee: staff.person.id)
        let message = PatientMessage()
        message.id = UUID(uuidString: "00000000-0000-0000-0000-0000000000e1")!
        message.createdAt = now.addingTimeInterval(-3600)
        message.direction = .outbound
        message.channel = .sms
        message.body = "Please send a photo of the rash."
        message.status = .delivered
        let reply = PatientMessage()
        reply.id = UUID(uuidString: "00000000-0000-0000-0000-0000000000e2")!
        reply.createdAt = now.addingTimeInterval(-1800)
        reply.direction = .inbound
        reply.channel = .reply
        reply.body = "Here it is."
        reply.status = .received
        let note = RequestNote()
        note.createdAt = now.addingTimeInterval(-900)
        note.text = "Looks like eczema; offer a video call."
        note.authorID = staff.person.id!
        let template = MessageTemplateRecord(
            organisationID: SnapshotFixtures.practice.id!, name: "Photo please", body: "Please send a photo.")
        template.id = UUID(uuidString: "00000000-0000-0000-0000-0000000000d1")!
        let video = VideoConsultation(
            organisationID: SnapshotFixtures.practice.id!, clinicianID: staff.person.id!, requestID: request.id, patientName: "Sam Jones",
            slotAt: now.addingTimeInterval(3 * 3600), bookedByID: staff.person.id!, now: now)
        video.id = UUID(uuidString: "00000000-0000-0000-0000-0000000000c1")!
        let model = TriageRequestShow.Model(
            request: request, photos: [], notes: [.init(note: note, author: staff.person.name)], messages: [message, reply],
            templates: [template], colleagues: [staff.person], routes: [SnapshotFixtures.icb], assigneeName: staff.person.name,
            canAct: true, errors: [], videos: [video], videoClinicians: [staff.person], staffID: staff.person.id, now: now)
        // MUT + validate
        assertPageSnapshot(TriageRequestShow.View(model: model, chrome: SnapshotFixtures.chrome(staff)).html)
    }
}
