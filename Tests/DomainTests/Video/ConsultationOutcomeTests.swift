import Domain
import Foundation
import Testing

@Suite struct ConsultationOutcomeTests {
    @Test func mapsOntoTheTriageOutcomes() {
        // setup
        let expected: [ConsultationOutcome: Outcome?] = [
            .adviceGiven: .adviceGiven, .selfCare: .selfCare, .prescriptionIssued: .prescriptionIssued,
            .faceToFaceBooked: .appointmentBooked, .referred: .referred, .signposted: .signposted,
            .switchedToPhone: nil, .didNotAttend: nil,
        ]
        // MUT + validate: every case listed, each mapped as above
        #expect(Set(expected.keys) == Set(ConsultationOutcome.allCases))
        for outcome in ConsultationOutcome.allCases {
            #expect(outcome.triageOutcome == expected[outcome] ?? nil, "\(outcome)")
        }
    }

    @Test func everyTriageOutcomeButOtherIsReachable() {
        // MUT
        let reached = Set(ConsultationOutcome.allCases.compactMap(\.triageOutcome))
        // validate: "other" needs a note that only the triage page asks for
        #expect(reached == Set(Outcome.allCases).subtracting([.other]))
    }

    @Test func followUpForTheRequest() {
        // MUT + validate
        #expect(ConsultationOutcome.prescriptionIssued.requestFollowUp == .close(.prescriptionIssued))
        #expect(ConsultationOutcome.faceToFaceBooked.requestFollowUp == .close(.appointmentBooked))
        #expect(ConsultationOutcome.switchedToPhone.requestFollowUp == .continueAs(.phone))
        #expect(ConsultationOutcome.didNotAttend.requestFollowUp == .returnToTriage(note: "Did not attend the video consultation."))
        for outcome in ConsultationOutcome.allCases where outcome.patientWasSeen {
            #expect(outcome.requestFollowUp == .close(outcome.triageOutcome!))
        }
    }

    @Test func followUpIsAMoveTheTriageQueueAllowsFromBooked() {
        // MUT + validate: closing and returning to triage are allowed moves; continuing stays booked
        for outcome in ConsultationOutcome.allCases {
            let status = outcome.requestFollowUp.status
            #expect(status == .booked || TriageStatus.booked.canMove(to: status), "\(outcome)")
        }
        #expect(RequestFollowUp.close(.referred).status == .closed)
        #expect(RequestFollowUp.continueAs(.phone).status == .booked)
        #expect(RequestFollowUp.returnToTriage(note: "x").status == .inTriage)
    }

    @Test func namesAndStoredValues() throws {
        // MUT
        let names = ConsultationOutcome.allCases.map(\.displayName)
        let json = String(decoding: try JSONEncoder().encode(ConsultationOutcome.faceToFaceBooked), as: UTF8.self)
        // validate
        #expect(Set(names).count == names.count)
        #expect(json == "\"faceToFaceBooked\"")
        #expect(ConsultationOutcome(rawValue: "didNotAttend") == .didNotAttend)
        #expect(ConsultationOutcome.allCases.filter { !$0.patientWasSeen } == [.switchedToPhone, .didNotAttend])
    }
}
