import Domain
import Foundation
import Testing

@Suite struct VideoCallStateTests {
    typealias Result = Swift.Result<VideoCallState, VideoCallError>

    func outcome(of move: VideoCallMove, from state: VideoCallState) -> Result {
        do { return .success(try state.applying(move)) } catch { return .failure(error) }
    }

    @Test func theUsualDay() throws {
        // setup
        var state = VideoCallState.booked
        // MUT: arrives, admitted, sent back, admitted again, ended
        for move in [VideoCallMove.arrive, .admit, .sendBack, .admit, .end(.prescriptionIssued)] {
            state = try state.applying(move)
        }
        // validate
        #expect(state == .ended(.prescriptionIssued))
        #expect(state.isEnded && state.outcome == .prescriptionIssued)
    }

    @Test func everyMoveFromBookedWaitingAndInCall() {
        // setup: every move with its expected result from each open state
        let clinical = ConsultationOutcome.allCases.filter(\.patientWasSeen)
        var expected: [(VideoCallMove, VideoCallState, Result)] = [
            (.arrive, .booked, .success(.waiting)), (.arrive, .waiting, .failure(.alreadyWaiting)),
            (.arrive, .inCall, .failure(.alreadyInCall)),
            (.leave, .booked, .failure(.notArrived)), (.leave, .waiting, .success(.booked)), (.leave, .inCall, .failure(.stillInCall)),
            (.admit, .booked, .failure(.notArrived)), (.admit, .waiting, .success(.inCall)), (.admit, .inCall, .failure(.alreadyInCall)),
            (.sendBack, .booked, .failure(.notInCall)), (.sendBack, .waiting, .failure(.notInCall)),
            (.sendBack, .inCall, .success(.waiting)),
            (.end(.didNotAttend), .booked, .success(.ended(.didNotAttend))),
            (.end(.didNotAttend), .waiting, .failure(.patientAttended)), (.end(.didNotAttend), .inCall, .failure(.patientAttended)),
        ]
        for state in [VideoCallState.booked, .waiting, .inCall] {
            expected.append((.switchToPhone, state, .success(.ended(.switchedToPhone))))
            expected.append((.end(.switchedToPhone), state, .failure(.useSwitchToPhone)))
        }
        for outcome in clinical {
            expected.append((.end(outcome), .booked, .failure(.patientNotSeen(outcome))))
            expected.append((.end(outcome), .waiting, .success(.ended(outcome))))
            expected.append((.end(outcome), .inCall, .success(.ended(outcome))))
        }
        // MUT + validate
        for (move, state, result) in expected {
            #expect(outcome(of: move, from: state) == result, "\(move) from \(state)")
            #expect(state.canApply(move) == ((try? result.get()) != nil))
        }
        #expect(expected.count == 15 + 6 + clinical.count * 3)
    }

    @Test func nothingMovesOnceEnded() {
        // setup
        let moves = [VideoCallMove.arrive, .leave, .admit, .sendBack, .switchToPhone] + ConsultationOutcome.allCases.map { .end($0) }
        for ended in ConsultationOutcome.allCases {
            for move in moves {
                // MUT + validate
                #expect(outcome(of: move, from: .ended(ended)) == .failure(.alreadyEnded(ended)))
            }
        }
    }

    @Test func guestJoinsOnlyWhileInCallAndTheRoomHoldsThree() {
        // setup
        let two: Set<VideoParticipant> = [.clinician, .patient]
        let three: Set<VideoParticipant> = [.clinician, .patient, .guest(1)]
        // MUT + validate
        #expect(throws: Never.self) { try VideoCallState.inCall.checkJoin(.guest(1), present: two) }
        #expect(throws: VideoCallError.callNotStarted) { try VideoCallState.waiting.checkJoin(.guest(1), present: [.clinician]) }
        #expect(throws: VideoCallError.callNotStarted) { try VideoCallState.booked.checkJoin(.guest(1), present: []) }
        #expect(throws: VideoCallError.roomFull) { try VideoCallState.inCall.checkJoin(.guest(2), present: three) }
        #expect(throws: VideoCallError.alreadyEnded(.referred)) { try VideoCallState.ended(.referred).checkJoin(.guest(1), present: two) }
        // A participant already in the room reconnects into their own place.
        #expect(throws: Never.self) { try VideoCallState.inCall.checkJoin(.guest(1), present: three) }
        #expect(VideoCallState.maximumParticipants == 3)
    }

    @Test func clinicianAnyTimePatientOnceAdmitted() {
        // MUT + validate
        for state in [VideoCallState.booked, .waiting, .inCall] {
            #expect(throws: Never.self) { try state.checkJoin(.clinician, present: []) }
        }
        #expect(throws: VideoCallError.alreadyEnded(.adviceGiven)) {
            try VideoCallState.ended(.adviceGiven).checkJoin(.clinician, present: [])
        }
        #expect(throws: VideoCallError.notAdmitted) { try VideoCallState.waiting.checkJoin(.patient, present: [.clinician]) }
        #expect(throws: VideoCallError.notAdmitted) { try VideoCallState.booked.checkJoin(.patient, present: []) }
        #expect(throws: Never.self) { try VideoCallState.inCall.checkJoin(.patient, present: [.clinician, .guest(1)]) }
        #expect(throws: VideoCallError.roomFull) {
            try VideoCallState.inCall.checkJoin(.clinician, present: [.patient, .guest(1), .guest(2)])
        }
    }

    @Test func storedNameAndOutcomeRoundTrip() {
        // setup
        let states = [VideoCallState.booked, .waiting, .inCall] + ConsultationOutcome.allCases.map { .ended($0) }
        // MUT + validate
        for state in states {
            #expect(VideoCallState(name: state.name, outcome: state.outcome) == state)
        }
        #expect(VideoCallState(name: "ended", outcome: nil) == nil)
        #expect(VideoCallState(name: "waiting", outcome: .adviceGiven) == nil)
        #expect(VideoCallState(name: "closed", outcome: nil) == nil)
        #expect(VideoCallState.ended(.referred).displayName == "Ended: Referred")
        #expect(VideoCallState.inCall.displayName == "In call")
    }

    @Test func everyErrorHasAPlainMessage() {
        // setup
        let errors: [VideoCallError] = [
            .alreadyEnded(.adviceGiven), .alreadyWaiting, .alreadyInCall, .notArrived, .stillInCall, .notInCall, .useSwitchToPhone,
            .patientAttended, .patientNotSeen(.referred), .notAdmitted, .callNotStarted, .roomFull,
        ]
        // MUT
        let messages = errors.map(\.message)
        // validate: sentences, all different, naming the thing to do
        #expect(Set(messages).count == errors.count)
        for message in messages { #expect(message.hasSuffix(".") && message.first?.isUppercase == true) }
        #expect(VideoCallError.roomFull.message.contains("3 people"))
        #expect(VideoCallError.patientNotSeen(.referred).message.contains("\"Referred\""))
        #expect(VideoCallError.alreadyEnded(.didNotAttend).message.contains("Did not attend"))
    }
}
