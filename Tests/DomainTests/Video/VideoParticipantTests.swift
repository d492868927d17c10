import Domain
import Foundation
import Testing

@Suite struct VideoParticipantTests {
    @Test func readsTheWireNames() {
        // MUT + validate
        #expect(VideoParticipant(id: "patient") == .patient)
        #expect(VideoParticipant(id: "clinician") == .clinician)
        #expect(VideoParticipant(id: "guest-1") == .guest(1))
        #expect(VideoParticipant(id: "guest-99") == .guest(99))
        for bad in ["", "Patient", "guest", "guest-", "guest-0", "guest-01", "guest-100", "guest--1", "guest-1a", "guest-١", "doctor"] {
            #expect(VideoParticipant(id: bad) == nil, "\(bad)")
        }
    }

    @Test func writesTheWireNames() throws {
        // setup
        let participants: [VideoParticipant] = [.patient, .clinician, .guest(2)]
        // MUT
        let json = String(decoding: try JSONEncoder().encode(participants), as: UTF8.self)
        // validate
        #expect(participants.map(\.id) == ["patient", "clinician", "guest-2"])
        #expect(json == "[\"patient\",\"clinician\",\"guest-2\"]")
        #expect(try JSONDecoder().decode([VideoParticipant].self, from: Data(json.utf8)) == participants)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([VideoParticipant].self, from: Data("[\"nurse\"]".utf8)) }
        #expect("\(VideoParticipant.guest(3))" == "guest-3")
    }

    @Test func listedClinicianFirstThenPatientThenGuests() {
        // MUT
        let sorted = [VideoParticipant.guest(2), .patient, .guest(1), .clinician].sorted()
        // validate
        #expect(sorted == [.clinician, .patient, .guest(1), .guest(2)])
        #expect(VideoParticipant.guest(1).isGuest && !VideoParticipant.patient.isGuest)
    }
}
