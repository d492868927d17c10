import Domain
import Foundation
import Testing

@Suite struct SignalRelayTests {
    @Test func relayedMessagesCarryTheSender() throws {
        for message in SignalMessageTests.everyKind {
            // setup
            let relayed = RelayedSignal(from: .guest(3), message: message)
            // MUT
            let text = relayed.encoded()
            // validate
            #expect(try RelayedSignal.decode(text) == relayed)
            #expect(try JSONDecoder().decode(RelayedSignal.self, from: Data(text.utf8)) == relayed)
            #expect(try SignalMessage.decode(text) == message)
        }
        #expect(RelayedSignal(from: .clinician, message: .admit).encoded() == #"{"from":"clinician","type":"admit"}"#)
    }

    @Test func relayedMessagesNeedAKnownSender() {
        // MUT + validate
        #expect(throws: SignalError.missingField(type: "admit", field: "from")) { try RelayedSignal.decode(#"{"type":"admit"}"#) }
        #expect(throws: SignalError.unknownParticipant("server")) { try RelayedSignal.decode(#"{"type":"admit","from":"server"}"#) }
        #expect(throws: SignalError.unknownType("x")) { try RelayedSignal.decode(#"{"type":"x","from":"patient"}"#) }
    }

    @Test func onlyTheClinicianRunsTheConsultation() {
        // setup
        let clinicianOnly: [SignalMessage] = [.admit, .sendBack, .runningLate(text: "Late"), .end(outcome: .adviceGiven)]
        let anyone: [SignalMessage] = [.join, .leave, .mute(audioMuted: true, videoMuted: true)]
        // MUT + validate
        for message in clinicianOnly {
            #expect(throws: Never.self) { try message.check(sender: .clinician) }
            #expect(throws: SignalError.clinicianOnly(type: message.type, sender: .patient)) { try message.check(sender: .patient) }
            #expect(throws: SignalError.clinicianOnly(type: message.type, sender: .guest(1))) { try message.check(sender: .guest(1)) }
        }
        for message in anyone {
            for sender in [VideoParticipant.clinician, .patient, .guest(2)] {
                #expect(throws: Never.self) { try message.check(sender: sender) }
            }
        }
    }

    @Test func offersGoToSomeoneElse() {
        // setup
        let toPatient: [SignalMessage] = [
            .offer(to: .patient, sdp: "v=0"), .answer(to: .patient, sdp: "v=0"), .candidate(to: .patient, candidate: .init(candidate: "")),
        ]
        // MUT + validate
        for message in toPatient {
            #expect(message.recipient == .patient)
            #expect(throws: Never.self) { try message.check(sender: .clinician) }
            #expect(throws: Never.self) { try message.check(sender: .guest(1)) }
            #expect(throws: SignalError.addressedToSender(.patient)) { try message.check(sender: .patient) }
        }
        #expect(SignalMessage.join.recipient == nil && SignalMessage.end(outcome: .referred).recipient == nil)
    }

    @Test func errorsReadPlainly() {
        // setup
        let errors: [SignalError] = [
            .tooLarge(bytes: 80_000), .notJSONObject, .missingType, .unknownType("hello"), .missingField(type: "offer", field: "sdp"),
            .invalidField(type: "mute", field: "audioMuted"), .unknownParticipant("nurse"), .sdpTooLarge(bytes: 70_000),
            .candidateTooLarge(bytes: 5000), .runningLateTooLong(characters: 250), .unknownOutcome("cured"),
            .clinicianOnly(type: "admit", sender: .patient), .addressedToSender(.guest(1)),
        ]
        // MUT
        let messages = errors.map(\.message)
        // validate
        #expect(Set(messages).count == errors.count)
        #expect(messages[0] == "A signalling message can be at most 71680 bytes; this one is 80000.")
        #expect(messages[3].contains("offer, answer, candidate, join, leave, admit, sendBack, runningLate, mute, end"))
        #expect(messages[4] == "The \"offer\" message needs \"sdp\".")
        #expect(messages[5] == "The \"audioMuted\" field of the \"mute\" message has the wrong kind of value.")
        #expect(messages[9].contains("at most 200 characters; this one has 250"))
        #expect(messages[10].contains("adviceGiven") && messages[10].contains("didNotAttend"))
        #expect(messages[11] == "Only the clinician can send \"admit\"; patient cannot.")
    }
}
