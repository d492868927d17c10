import Domain
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// The server, not the page, keeps a waiting patient out of the call and a call to the size a mesh can carry.
@Suite struct VideoRoomEnforcementTests {
    static func guestLink(_ consultation: UUID, _ number: Int, on app: Application) async throws -> String {
        let token = SecretToken.generate()
        try await VideoLink(
            consultationID: consultation, tokenDigest: SecretToken.digest(token), participant: .guest(number), label: "Guest \(number)",
            now: Date()
        ).create(on: app.db)
        return token
    }

    @Test func aWaitingPatientCannotSetUpMediaWithTheClinician() async throws {
        try await withTestApp { app in
            // setup: the patient waits; nobody has admitted them
            let world = try await TestWorld.make(on: app)
            let (consultation, token) = try await VideoSignalTests.book(world, slot: Date(), on: app)
            let port = try await VideoSignalTests.start(app)
            let clinician = try await VideoSignalTests.socket(
                port, SiteURL.consultationSignal(id: consultation).path, cookie: try await VideoSignalTests.clinicianCookie(world, on: app))
            let patient = try await VideoSignalTests.socket(port, SiteURL.videoSignal(token: token).path)
            _ = try await patient.text(containing: #""place":1"#)
            // MUT: the patient's browser tries to join the media and offer to the clinician
            try await patient.send(text: #"{"type":"join"}"#)
            _ = try await patient.text(containing: "stays in the waiting room")
            try await patient.send(text: #"{"type":"offer","to":"clinician","sdp":"v=0 sneaked-in-offer"}"#)
            let refusals = try await patient.text(containing: "stays in the waiting room")
            // validate: the clinician's own error comes after anything relayed before it
            try await clinician.send(text: #"{"type":"nonsense"}"#)
            _ = try await clinician.text(containing: #""type":"error""#)
            #expect(!refusals.isEmpty)
            #expect(!clinician.texts.contains { $0.contains("sneaked-in-offer") || $0.contains(#""type":"join""#) })
            for socket in [clinician, patient] { await socket.close() }
            await app.server.shutdown()
        }
    }

    @Test func aFourthPersonCannotJoinACallOfThree() async throws {
        try await withTestApp { app in
            // setup: clinician and patient in the call, a first guest joined
            let world = try await TestWorld.make(on: app)
            let (consultation, token) = try await VideoSignalTests.book(world, slot: Date(), on: app)
            let port = try await VideoSignalTests.start(app)
            let clinician = try await VideoSignalTests.socket(
                port, SiteURL.consultationSignal(id: consultation).path, cookie: try await VideoSignalTests.clinicianCookie(world, on: app))
            let patient = try await VideoSignalTests.socket(port, SiteURL.videoSignal(token: token).path)
            try await VideoSignalTests.call(patient: patient, clinician: clinician)
            let first = try await VideoSignalTests.socket(port, SiteURL.videoSignal(token: try await Self.guestLink(consultation, 1, on: app)).path)
            try await first.send(text: #"{"type":"join"}"#)
            _ = try await clinician.text(containing: #""from":"guest-1""#)
            // MUT
            let second = try await VideoSignalTests.socket(port, SiteURL.videoSignal(token: try await Self.guestLink(consultation, 2, on: app)).path)
            try await second.send(text: #"{"type":"join"}"#)
            let refused = try await second.text(containing: #""type":"error""#)
            // validate
            #expect(refused.contains("already has \(VideoCallState.maximumParticipants) people"))
            try await clinician.send(text: #"{"type":"nonsense"}"#)
            _ = try await clinician.text(containing: #""message":"#)
            #expect(!clinician.texts.contains { $0.contains(#""from":"guest-2""#) && $0.contains(#""type":"join""#) })
            for socket in [clinician, patient, first, second] { await socket.close() }
            await app.server.shutdown()
        }
    }
}
