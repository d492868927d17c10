import Domain
import Foundation
import Testing

@Suite struct SignalMessageTests {
    static let candidate = ICECandidate(candidate: "candidate:1 1 udp 2122260223 192.0.2.10 54321 typ host", sdpMid: "0", sdpMLineIndex: 0)
    static let everyKind: [SignalMessage] = [
        .offer(to: .patient, sdp: "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n"), .answer(to: .clinician, sdp: "v=0\r\n"),
        .candidate(to: .guest(1), candidate: candidate), .candidate(to: .patient, candidate: ICECandidate(candidate: "")),
        .join, .leave, .admit, .sendBack, .runningLate(text: "Running about 15 minutes late, sorry."), .runningLate(text: ""),
        .mute(audioMuted: true, videoMuted: false), .end(outcome: .faceToFaceBooked),
    ]

    @Test func everyKindRoundTrips() throws {
        for message in Self.everyKind {
            // MUT
            let text = message.encoded()
            // validate
            #expect(try SignalMessage.decode(text) == message, "\(text)")
            #expect(try JSONDecoder().decode(SignalMessage.self, from: Data(text.utf8)) == message)
            #expect(text.contains("\"type\":\"\(message.type)\""))
        }
        #expect(Set(Self.everyKind.map(\.type)) == Set(SignalMessage.types))
    }

    @Test func readsWhatTheBrowserSends() throws {
        // setup
        let texts = [
            #"{"type":"offer","to":"patient","sdp":"v=0"}"#,
            #"{"type":"candidate","to":"guest-2","candidate":{"candidate":"candidate:1","sdpMid":"0","sdpMLineIndex":0,"usernameFragment":"ab"}}"#,
            #"{"type":"mute","audioMuted":false,"videoMuted":true,"extra":[1,2]}"#,
            #"{"type":"join","from":"clinician"}"#,
            #"{"type":"end","outcome":"didNotAttend"}"#,
        ]
        // MUT
        let messages = try texts.map { text throws(SignalError) in try SignalMessage.decode(text) }
        // validate: unknown fields ignored; a browser's own "from" is ignored too
        #expect(
            messages == [
                .offer(to: .patient, sdp: "v=0"),
                .candidate(to: .guest(2), candidate: ICECandidate(candidate: "candidate:1", sdpMid: "0", sdpMLineIndex: 0)),
                .mute(audioMuted: false, videoMuted: true), .join, .end(outcome: .didNotAttend),
            ])
        #expect(SignalMessage.end(outcome: .referred).encoded() == #"{"outcome":"referred","type":"end"}"#)
        #expect(SignalMessage.join.encoded() == #"{"type":"join"}"#)
    }

    @Test func refusesWhatIsNotAMessage() {
        // setup
        let cases: [(String, SignalError)] = [
            ("", .notJSONObject), ("hello", .notJSONObject), ("[]", .notJSONObject), ("\"join\"", .notJSONObject),
            ("{\"type\":\"join\"", .notJSONObject), ("{}", .missingType), (#"{"type":null}"#, .missingType),
            (#"{"to":"patient"}"#, .missingType), (#"{"type":7}"#, .invalidField(type: "signalling", field: "type")),
            (#"{"type":"hello"}"#, .unknownType("hello")), (#"{"type":"Offer","to":"patient","sdp":""}"#, .unknownType("Offer")),
        ]
        for (text, error) in cases {
            // MUT + validate
            #expect(throws: error, "\(text)") { try SignalMessage.decode(text) }
        }
    }

    @Test func refusesMissingAndMistypedFields() {
        // setup
        let cases: [(String, SignalError)] = [
            (#"{"type":"offer","sdp":"v=0"}"#, .missingField(type: "offer", field: "to")),
            (#"{"type":"offer","to":"patient"}"#, .missingField(type: "offer", field: "sdp")),
            (#"{"type":"answer","to":"clinician","sdp":null}"#, .missingField(type: "answer", field: "sdp")),
            (#"{"type":"candidate","to":"patient"}"#, .missingField(type: "candidate", field: "candidate")),
            (
                #"{"type":"candidate","to":"patient","candidate":{"sdpMid":"0"}}"#,
                .missingField(type: "candidate", field: "candidate.candidate")
            ),
            (
                #"{"type":"candidate","to":"patient","candidate":{"candidate":"c","sdpMLineIndex":"0"}}"#,
                .invalidField(type: "candidate", field: "candidate.sdpMLineIndex")
            ),
            (#"{"type":"runningLate"}"#, .missingField(type: "runningLate", field: "text")),
            (#"{"type":"mute","audioMuted":true}"#, .missingField(type: "mute", field: "videoMuted")),
            (#"{"type":"mute","videoMuted":true}"#, .missingField(type: "mute", field: "audioMuted")),
            (#"{"type":"mute","audioMuted":"yes","videoMuted":true}"#, .invalidField(type: "mute", field: "audioMuted")),
            (#"{"type":"end"}"#, .missingField(type: "end", field: "outcome")),
            (#"{"type":"offer","to":5,"sdp":"v=0"}"#, .invalidField(type: "offer", field: "to")),
            (#"{"type":"offer","to":"nurse","sdp":"v=0"}"#, .unknownParticipant("nurse")),
            (#"{"type":"answer","to":"guest-0","sdp":"v=0"}"#, .unknownParticipant("guest-0")),
            (#"{"type":"end","outcome":"cured"}"#, .unknownOutcome("cured")),
        ]
        for (text, error) in cases {
            // MUT + validate
            #expect(throws: error, "\(text)") { try SignalMessage.decode(text) }
        }
    }

    @Test func sizeLimits() throws {
        // setup
        let sdpAtLimit = String(repeating: "a", count: SignalMessage.maximumSDPBytes)
        let offerAtLimit = SignalMessage.offer(to: .patient, sdp: sdpAtLimit).encoded()
        let padding = String(repeating: " ", count: SignalMessage.maximumMessageBytes - offerAtLimit.utf8.count)
        // MUT + validate: 64 KiB of SDP passes, one byte more does not; 70 KiB of text passes, one byte more does not
        #expect(try SignalMessage.decode(offerAtLimit + padding) == .offer(to: .patient, sdp: sdpAtLimit))
        #expect(throws: SignalError.tooLarge(bytes: SignalMessage.maximumMessageBytes + 1)) {
            try SignalMessage.decode(offerAtLimit + padding + " ")
        }
        // "é" is two bytes in UTF-8: the limit counts bytes
        #expect(throws: SignalError.sdpTooLarge(bytes: 65_538)) {
            try SignalMessage.decode(SignalMessage.answer(to: .clinician, sdp: sdpAtLimit + "é").encoded())
        }
        let longCandidate = ICECandidate(candidate: String(repeating: "c", count: SignalMessage.maximumCandidateBytes + 1))
        #expect(throws: SignalError.candidateTooLarge(bytes: 4097)) {
            try SignalMessage.decode(SignalMessage.candidate(to: .patient, candidate: longCandidate).encoded())
        }
        #expect(SignalMessage.maximumMessageBytes == 71_680 && SignalMessage.maximumSDPBytes == 65_536)
    }

    @Test func runningLateIsAtMostTwoHundredCharacters() throws {
        // setup: characters, not bytes: 200 emoji pass
        let atLimit = String(repeating: "⏰", count: 200)
        // MUT + validate
        #expect(try SignalMessage.decode(SignalMessage.runningLate(text: atLimit).encoded()) == .runningLate(text: atLimit))
        #expect(throws: SignalError.runningLateTooLong(characters: 201)) {
            try SignalMessage.decode(SignalMessage.runningLate(text: atLimit + "!").encoded())
        }
    }
}
