@testable import App
import Domain
import Foundation

/// Fixed requests for snapshot tests of the consult pages: every id and date is constant.
enum ConsultFixtures {
    /// A request to the fixture practice, received at `received` and promised a reply by `replyBy`.
    static func request(
        id: String, reference: String, givenName: String, familyName: String, received: Date, replyBy: Date,
        redFlags: [RedFlag] = [], urgency: Urgency = .routine, status: TriageStatus = .new, assignee: UUID? = nil,
        clientDigest: String? = nil
    ) -> TriageRequest {
        let request = TriageRequest()
        request.id = UUID(uuidString: id)!
        request.receivedAt = received
        request.reference = reference
        request.submissionKey = "snapshot-\(reference)"
        request.kind = .medical
        request.description = "A rash on my arm for a week, itchy at night."
        request.redFlags = StoredList(redFlags)
        request.redFlagged = !redFlags.isEmpty
        request.subject = .me
        request.urgency = urgency
        request.priority = TriageRequest.priority(redFlagged: !redFlags.isEmpty, urgency: urgency)
        request.status = status
        request.replyBy = replyBy
        request.receivedWhileClosed = false
        request.clientDigest = clientDigest
        request.givenName = givenName
        request.familyName = familyName
        request.dateOfBirth = CalendarDay("1984-03-27")!
        request.nhsNumber = "9990000018"
        request.mobile = "+447700900123"
        request.email = nil
        request.contactPreference = .sms
        request.bestTimes = "Mornings"
        request.practiceID = SnapshotFixtures.practice.id!
        request.handlerID = SnapshotFixtures.practice.id!
        request.assigneeID = assignee
        return request
    }
}
