import Domain
import Foundation
import Testing

@Suite struct VideoWaitingRoomTests {
    let nine = Date(timeIntervalSince1970: 1_780_390_800)
    func id(_ n: Int) -> UUID { UUID(uuidString: String(format: "00000000-0000-0000-0000-%012d", n))! }
    func patient(_ n: Int, slotMinutes: Int, arrivedMinutes: Int) -> WaitingPatient {
        WaitingPatient(
            consultationID: id(n), slot: nine.addingTimeInterval(Double(slotMinutes) * 60),
            arrivedAt: nine.addingTimeInterval(Double(arrivedMinutes) * 60))
    }

    @Test func earlierSlotComesFirstWhoeverArrivedFirst() {
        // setup: patient 1 is due at 09:20 and came at 08:55; patient 2 is due at 09:10 and came at 09:05
        var room = VideoWaitingRoom()
        // MUT
        room.arrive(patient(1, slotMinutes: 20, arrivedMinutes: -5))
        room.arrive(patient(2, slotMinutes: 10, arrivedMinutes: 5))
        // validate
        #expect(room.line.map(\.consultationID) == [id(2), id(1)])
        #expect(room.place(of: id(2)) == 1)
        #expect(room.place(of: id(1)) == 2)
    }

    @Test func sameSlotInOrderOfArrivalThenByID() {
        // setup
        let patients = [
            patient(3, slotMinutes: 0, arrivedMinutes: -2), patient(1, slotMinutes: 0, arrivedMinutes: -1),
            patient(2, slotMinutes: 0, arrivedMinutes: -2), patient(4, slotMinutes: -10, arrivedMinutes: 0),
        ]
        // MUT
        let room = VideoWaitingRoom(patients: patients)
        let reversed = VideoWaitingRoom(patients: patients.reversed())
        // validate: the earlier slot first, then the earlier arrival, then the lower id; the order does not depend on
        // the order of arrival in the list
        #expect(room.line.map(\.consultationID) == [id(4), id(2), id(3), id(1)])
        #expect(reversed == room)
    }

    @Test func comingBackKeepsTheFirstArrival() {
        // setup
        var room = VideoWaitingRoom(patients: [
            patient(1, slotMinutes: 0, arrivedMinutes: -3), patient(2, slotMinutes: 0, arrivedMinutes: -2),
        ])
        // MUT: patient 1's network drops and they come back later
        room.arrive(patient(1, slotMinutes: 0, arrivedMinutes: 4))
        // validate
        #expect(room.line.count == 2)
        #expect(room.place(of: id(1)) == 1)
        #expect(room.line.first?.arrivedAt == nine.addingTimeInterval(-180))
    }

    @Test func removingMovesEveryoneUp() {
        // setup
        var room = VideoWaitingRoom(patients: (1...3).map { patient($0, slotMinutes: $0 * 10, arrivedMinutes: 0) })
        // MUT
        room.remove(consultationID: id(1))
        room.remove(consultationID: id(9))
        // validate
        #expect(room.place(of: id(1)) == nil)
        #expect(room.place(of: id(2)) == 1)
        #expect(room.place(of: id(3)) == 2)
    }

    @Test func estimateCountsThePatientsAheadAndTheLateness() {
        // MUT + validate
        #expect(VideoWaitingRoom.estimatedWait(place: 1, averageConsultation: 600, runningLate: 0) == 0)
        #expect(VideoWaitingRoom.estimatedWait(place: 1, averageConsultation: 600, runningLate: 900) == 900)
        #expect(VideoWaitingRoom.estimatedWait(place: 3, averageConsultation: 600, runningLate: 0) == 1200)
        #expect(VideoWaitingRoom.estimatedWait(place: 3, averageConsultation: 600, runningLate: 300) == 1500)
        #expect(VideoWaitingRoom.estimatedWait(place: 0, averageConsultation: 600, runningLate: -300) == 0)
        #expect(VideoWaitingRoom.estimatedWait(place: 2, averageConsultation: -600, runningLate: 0) == 0)
    }

    @Test func viewGivesOwnPlaceEstimateAndLateMessage() {
        // setup
        var room = VideoWaitingRoom(
            patients: (1...4).map { patient($0, slotMinutes: $0 * 10, arrivedMinutes: 0) }, averageConsultation: 600,
            runningLate: 900, runningLateMessage: "  Running about 15 minutes late, sorry.  ")
        // MUT
        let third = room.view(for: id(3))
        room.runningLateMessage = " "
        let first = room.view(for: id(1))
        // validate
        #expect(third == WaitingRoomView(place: 3, estimatedWait: 2100, runningLateMessage: "Running about 15 minutes late, sorry."))
        #expect(first == WaitingRoomView(place: 1, estimatedWait: 900, runningLateMessage: nil))
        #expect(room.view(for: id(7)) == nil)
    }

    @Test func viewCarriesNothingAboutOtherPatients() throws {
        // setup: the same patient, third in two lines of different people, and one of a longer line
        let mine = patient(9, slotMinutes: 30, arrivedMinutes: 0)
        let one = VideoWaitingRoom(patients: [
            patient(1, slotMinutes: 10, arrivedMinutes: 0), patient(2, slotMinutes: 20, arrivedMinutes: 0), mine,
        ])
        let other = VideoWaitingRoom(
            patients: [patient(5, slotMinutes: 0, arrivedMinutes: 0), patient(6, slotMinutes: 5, arrivedMinutes: 0), mine]
                + (10...20).map { patient($0, slotMinutes: 60 + $0, arrivedMinutes: 0) })
        // MUT
        let view = try #require(one.view(for: id(9)))
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(view)) as? [String: Any]
        // validate: the same view whoever else waits and however many wait behind; three fields and no more
        #expect(other.view(for: id(9)) == view)
        #expect(Mirror(reflecting: view).children.map(\.label) == ["place", "estimatedWait", "runningLateMessage"])
        #expect(Set(json?.keys ?? [:].keys) == ["place", "estimatedWait"])
        let text = String(decoding: try JSONEncoder().encode(view), as: UTF8.self)
        for n in [1, 2, 5, 6, 10] { #expect(!text.contains(id(n).uuidString)) }
        #expect(!view.lines.joined().contains(id(1).uuidString))
    }

    @Test func patientReadsPlaceAndRoundedWait() {
        // setup
        let views = [
            WaitingRoomView(place: 1, estimatedWait: 0, runningLateMessage: nil),
            WaitingRoomView(place: 2, estimatedWait: 240, runningLateMessage: nil),
            WaitingRoomView(place: 2, estimatedWait: 299, runningLateMessage: nil),
            WaitingRoomView(place: 2, estimatedWait: 301, runningLateMessage: nil),
            WaitingRoomView(place: 3, estimatedWait: 1200, runningLateMessage: "Sorry, running late."),
            WaitingRoomView(place: 7, estimatedWait: 3600, runningLateMessage: nil),
            WaitingRoomView(place: 8, estimatedWait: 4500, runningLateMessage: nil),
            WaitingRoomView(place: 20, estimatedWait: 7200, runningLateMessage: nil),
        ]
        // MUT
        let lines = views.map(\.lines)
        // validate
        #expect(
            lines == [
                ["You are next.", "Estimated wait: less than 5 minutes."],
                ["You are number 2 in the line.", "Estimated wait: less than 5 minutes."],
                ["You are number 2 in the line.", "Estimated wait: about 5 minutes."],
                ["You are number 2 in the line.", "Estimated wait: about 10 minutes."],
                [
                    "You are number 3 in the line.", "Estimated wait: about 20 minutes.",
                    "Message from your clinician: Sorry, running late.",
                ],
                ["You are number 7 in the line.", "Estimated wait: about 1 hour."],
                ["You are number 8 in the line.", "Estimated wait: about 1 hour 15 minutes."],
                ["You are number 20 in the line.", "Estimated wait: about 2 hours."],
            ])
    }
}
