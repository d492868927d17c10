import Domain
import Fluent
import Foundation
import NIOPosix
import Testing
import VaporTesting

@testable import App

/// Signalling for video consultations over real sockets: the clinician admits, offers, answers and candidates reach
/// the person named and nobody else, on one instance and across two; links outside their window, forged or for
/// another consultation are refused.
@Suite struct VideoSignalTests {
    /// A consultation of practice A with gpA at `slot`, and the patient's link token.
    static func book(_ world: TestWorld, slot: Date, on app: Application) async throws -> (consultation: UUID, token: String) {
        let consultation = VideoConsultation(
            organisationID: world.practiceA, clinicianID: world.gpA.id, requestID: world.requestA, patientName: "Wanda Marker-A Patient",
            slotAt: slot, bookedByID: world.managerA.id, now: Date())
        try await consultation.create(on: app.db)
        let token = SecretToken.generate()
        try await VideoLink(
            consultationID: consultation.requireID(), tokenDigest: SecretToken.digest(token), participant: .patient, label: nil, now: Date()
        ).create(on: app.db)
        return (try consultation.requireID(), token)
    }

    /// The session cookie of gpA, signed in straight in the database.
    static func clinicianCookie(_ world: TestWorld, on app: Application) async throws -> String {
        let browser = try await TestBrowser.signedIn(app, personID: world.gpA.id)
        return "\(SiteCookie.session)=\(browser.cookies[SiteCookie.session] ?? "")"
    }

    static func start(_ app: Application) async throws -> Int {
        try await app.server.start(address: .hostname("127.0.0.1", port: 0))
        return app.http.server.shared.localAddress!.port!
    }

    static func socket(_ port: Int, _ path: String, cookie: String? = nil) async throws -> TestWebSocket {
        var headers = [("Origin", "http://127.0.0.1:\(port)")]
        if let cookie { headers.append(("Cookie", cookie)) }
        return try await TestWebSocket.connect(
            host: "127.0.0.1", port: port, path: path, headers: headers, group: MultiThreadedEventLoopGroup.singleton)
    }

    /// The clinician admits the patient; offer, answer and a candidate each reach the person they are addressed to.
    static func call(patient: TestWebSocket, clinician: TestWebSocket) async throws {
        _ = try await clinician.text(containing: #""name":"Wanda Marker-A Patient""#)  // the patient waits, in the queue
        _ = try await patient.text(containing: #""place":1"#)
        try await clinician.send(text: #"{"type":"admit"}"#)
        _ = try await patient.text(containing: #""state":"inCall""#)
        try await patient.send(text: #"{"type":"join"}"#)
        _ = try await clinician.text(containing: #""from":"patient""#)
        try await clinician.send(text: #"{"type":"offer","to":"patient","sdp":"v=0 offer-from-clinician"}"#)
        let offer = try await patient.text(containing: "offer-from-clinician")
        #expect(offer.contains(#""from":"clinician""#))
        try await patient.send(text: #"{"type":"answer","to":"clinician","sdp":"v=0 answer-from-patient"}"#)
        _ = try await clinician.text(containing: "answer-from-patient")
        try await patient.send(
            text:
                #"{"type":"candidate","to":"clinician","candidate":{"candidate":"candidate:1 1 udp 1 127.0.0.1 9 typ host","sdpMid":"0","sdpMLineIndex":0}}"#
        )
        _ = try await clinician.text(containing: "candidate:1 1 udp")
    }

    @Test func aPatientAndTheirClinicianExchangeOffersAnswersAndCandidates() async throws {
        try await withTestApp { app in
            // setup
            let world = try await TestWorld.make(on: app)
            let (consultation, token) = try await Self.book(world, slot: Date(), on: app)
            let port = try await Self.start(app)
            // MUT
            let clinician = try await Self.socket(
                port, SiteURL.consultationSignal(id: consultation).path, cookie: try await Self.clinicianCookie(world, on: app))
            let patient = try await Self.socket(port, SiteURL.videoSignal(token: token).path)
            try await Self.call(patient: patient, clinician: clinician)
            // validate: the consultation is in call; a patient may not admit themself
            #expect(try await VideoConsultation.find(consultation, on: app.db)?.state.rawValue == "inCall")
            try await patient.send(text: #"{"type":"sendBack"}"#)
            _ = try await patient.text(containing: #""type":"error""#)
            #expect(try await VideoConsultation.find(consultation, on: app.db)?.state.rawValue == "inCall")
            await patient.close()
            await clinician.close()
            await app.server.shutdown()
        }
    }

    @Test func aSignalNeverCrossesIntoAnotherConsultation() async throws {
        try await withTestApp { app in
            // setup: two consultations with the same clinician
            let world = try await TestWorld.make(on: app)
            let (first, firstToken) = try await Self.book(world, slot: Date(), on: app)
            let (_, secondToken) = try await Self.book(world, slot: Date(), on: app)
            let port = try await Self.start(app)
            let clinician = try await Self.socket(
                port, SiteURL.consultationSignal(id: first).path, cookie: try await Self.clinicianCookie(world, on: app))
            let patient = try await Self.socket(port, SiteURL.videoSignal(token: firstToken).path)
            let other = try await Self.socket(port, SiteURL.videoSignal(token: secondToken).path)
            // MUT: the clinician of the first room offers to "patient"
            _ = try await patient.text(containing: #""place""#)
            try await clinician.send(text: #"{"type":"offer","to":"patient","sdp":"v=0 only-for-the-first"}"#)
            _ = try await patient.text(containing: "only-for-the-first")
            // validate: the other patient saw nothing of it, nor of the first patient's joining (an answer to its own
            // message comes after anything the server sent it before)
            try await other.send(text: #"{"type":"admit"}"#)
            _ = try await other.text(containing: #""type":"error""#)
            #expect(!other.texts.contains { $0.contains("only-for-the-first") || $0.contains("Wanda") })
            for socket in [clinician, patient, other] { await socket.close() }
            await app.server.shutdown()
        }
    }

    @Test func linksOutsideTheirWindowOrForgedAreRefusedPlainly() async throws {
        try await withTestApp { app in
            // setup
            let world = try await TestWorld.make(on: app)
            let (_, early) = try await Self.book(world, slot: Date().addingTimeInterval(3 * 3600), on: app)
            let (_, late) = try await Self.book(world, slot: Date().addingTimeInterval(-3 * 3600), on: app)
            var browser = TestBrowser(app)
            // MUT / validate
            let tooEarly = try await browser.get(SiteURL.videoICE(token: early).path)
            #expect(tooEarly.status == .forbidden && tooEarly.body.string.contains("opens at"))
            let expired = try await browser.get(SiteURL.videoICE(token: late).path)
            #expect(expired.status == .gone && expired.body.string.contains("2 hours"))
            let forged = try await browser.get(SiteURL.videoICE(token: SecretToken.generate()).path)
            #expect(forged.status == .notFound && forged.body.string.contains("This video link is not right"))
            // another clinician cannot open gpA's consultation
            let (consultation, _) = try await Self.book(world, slot: Date(), on: app)
            var manager = try await TestBrowser.signedIn(app, personID: world.managerA.id)
            #expect(try await manager.get(SiteURL.consultationICE(id: consultation).path).status == .forbidden)
        }
    }

    @Test func theClinicianSocketOpensOnlyFromThisSite() async throws {
        try await withTestApp { app in
            // setup
            let world = try await TestWorld.make(on: app)
            let port = try await Self.start(app)
            let cookie = try await Self.clinicianCookie(world, on: app)
            // MUT
            var refused: HTTPResponseStatus?
            do {
                let socket = try await TestWebSocket.connect(
                    host: "127.0.0.1", port: port, path: SiteURL.consultationSignal(id: world.videoA).path,
                    headers: [("Origin", "http://evil.example"), ("Cookie", cookie)], group: MultiThreadedEventLoopGroup.singleton)
                await socket.close()
            } catch TestWebSocket.Failure.notUpgraded(let status) {
                refused = status
            }
            // validate
            #expect(refused == .forbidden)
            await app.server.shutdown()
        }
    }

    @Test func theTURNCredentialIsTheOneCoturnComputes() async throws {
        // setup: a known secret, user and time
        var config = VideoConfig()
        config.stunURLs = ["stun:turn.example.nhs.uk:3478"]
        config.turnURLs = ["turn:turn.example.nhs.uk:3478?transport=udp"]
        config.turnSecret = "north-east-secret"
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        // MUT
        let servers = VideoICEServers(config: config, user: "room-1", now: now)
        // validate: username "expiry:user", password base64(HMAC-SHA1(secret, username)), computed here independently
        let turn = try #require(servers.iceServers.last)
        #expect(turn.username == "1800014400:room-1")
        #expect(turn.credential == "wDLNv87maFNWKoOM/SXSt6wrJEA=")  // python3: base64(hmac.new(secret, username, sha1))
        #expect(servers.iceServers.first?.urls == ["stun:turn.example.nhs.uk:3478"])
    }
}

/// The same call with the patient and the clinician on two instances sharing PostgreSQL (one instance on SQLite, which
/// has no second instance to share with).
@Suite struct VideoSignalAcrossInstancesTests {
    @Test func aCallCrossesInstances() async throws {
        // setup
        let config = TestDatabase.config()
        let first = try await makeTestApp(config: config)
        let second = TestDatabase.postgresURL != nil ? try await makeTestApp(config: config, migrate: false) : nil
        do {
            let world = try await TestWorld.make(on: first)
            let (consultation, token) = try await VideoSignalTests.book(world, slot: Date(), on: first)
            let patientPort = try await VideoSignalTests.start(first)
            var clinicianPort = patientPort
            if let second { clinicianPort = try await VideoSignalTests.start(second) }
            if let second { try await second.events.waitUntilListening() }
            try await first.events.waitUntilListening()
            // MUT
            let cookie = try await VideoSignalTests.clinicianCookie(world, on: first)
            let clinician = try await VideoSignalTests.socket(
                clinicianPort, SiteURL.consultationSignal(id: consultation).path, cookie: cookie)
            let patient = try await VideoSignalTests.socket(patientPort, SiteURL.videoSignal(token: token).path)
            // validate
            try await VideoSignalTests.call(patient: patient, clinician: clinician)
            await patient.close()
            await clinician.close()
        } catch {
            Issue.record(error)
        }
        for app in [second, first].compactMap({ $0 }) { await app.server.shutdown() }
        if let second { try await dropTestApp(second, config: config, dropSchema: false) }
        try await dropTestApp(first, config: config)
    }
}
