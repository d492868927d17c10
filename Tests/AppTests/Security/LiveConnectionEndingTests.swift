import Domain
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// Live connections end when what authorised them ends: sign out everywhere closes the person's queue stream, desktop
/// status stream and viewer and video socket; a plain sign-out only that sign-in's; an engagement's end the streams
/// that depended on it; a consultation's end every socket of it; a seat taken back its viewer.
@Suite struct LiveConnectionEndingTests {
    @Test func signingOutEverywhereClosesTheQueueTheDesktopAndTheClinicianSocket() async throws {
        try await withGateway { rig in
            // setup: gpA's desktop viewer on the rig's sign-in; the queue, the pool's status and the call on two others
            let viewer = try await rig.relayingViewer()
            let other = try await LiveConnectionEndingTests.session(rig.app, rig.world.gpA.id)
            let queue = try await TestEventStream(port: rig.port, path: SiteURL.queueEvents.path, session: other)
            let status = try await TestEventStream(
                port: rig.port, path: SiteURL.desktopEvents(id: rig.world.desktopPoolA).path, session: other)
            #expect(try await status.next()?.contains("event: status") == true)
            let third = try await LiveConnectionEndingTests.session(rig.app, rig.world.gpA.id)
            let video = try await VideoSignalTests.socket(
                rig.port, SiteURL.consultationSignal(id: rig.world.videoA).path, cookie: "\(SiteCookie.session)=\(third)")
            _ = try await video.text(containing: #""type":"state""#)
            // MUT
            let out = try await rig.post(SiteURL.logoutEverywhere.path)
            // validate
            #expect(out.status == .seeOther)
            let reason = LiveEnding.signedOutEverywhere(person: rig.world.gpA.id).reason
            let viewerClose = try await viewer.closed()
            #expect(viewerClose.code == 4401 && viewerClose.reason == reason, "\(viewerClose)")
            #expect(try await queue.ended() == reason)
            #expect(try await status.ended() == reason)
            let videoClose = try await video.closed()
            #expect(videoClose.code == 4401 && videoClose.reason == reason, "\(videoClose)")
            #expect(await rig.app.liveConnections.count(.queueStream) == 0)
        }
    }

    @Test func aPlainSignOutClosesThatSignInsStreamAndNoOther() async throws {
        try await withLiveApp { app, port, world in
            // setup: gpA signed in twice, the queue open in each
            let first = try await Self.session(app, world.gpA.id)
            let second = try await Self.session(app, world.gpA.id)
            let streamA = try await TestEventStream(port: port, path: SiteURL.queueEvents.path, session: first)
            let streamB = try await TestEventStream(port: port, path: SiteURL.queueEvents.path, session: second)
            var browser = TestBrowser(app)
            browser.cookies[SiteCookie.session] = first
            // MUT
            let out = try await browser.post(SiteURL.logout.path)
            // validate: the first stream ends with the reason; the second still hears the queue after that
            #expect(out.status == .seeOther)
            #expect(try await streamA.ended() == LiveEnding.signedOut(session: UUID()).reason)
            try await app.events.publish(QueueEvent.changed(handlerID: world.practiceA, requestID: world.requestA), on: app.db)
            let next = try await streamB.next()
            #expect(next?.contains("event: queue") == true, "\(next ?? "the stream ended")")
        }
    }

    @Test func endingALocumsEngagementClosesTheirQueueStream() async throws {
        try await withLiveApp { app, port, world in
            // setup: the locum (engaged at B) and B's manager watch B's queue
            let locum = try await TestEventStream(
                port: port, path: SiteURL.queueEvents.path, session: try await Self.session(app, world.locum.id))
            var manager = try await TestBrowser.signedIn(app, personID: world.managerB.id)
            let managers = try await TestEventStream(
                port: port, path: SiteURL.queueEvents.path, session: try #require(manager.cookies[SiteCookie.session]))
            let engagement = try #require(
                try await Engagement.query(on: app.db).filter(\.$person.$id == world.locum.id)
                    .filter(\.$organisation.$id == world.practiceB).first())
            // MUT
            let ended = try await manager.post(SiteURL.engagementEnd(id: try engagement.requireID()).path)
            // validate: the locum's stream ends with the reason; the manager's still hears B's queue
            #expect(ended.status == .seeOther)
            let reason = LiveEnding.engagementEnded(
                person: world.locum.id, organisation: world.practiceB, stillPermitted: [], poolsStillOpen: []
            ).reason
            #expect(try await locum.ended() == reason)
            try await app.events.publish(QueueEvent.changed(handlerID: world.practiceB, requestID: nil), on: app.db)
            #expect(try await managers.next()?.contains("event: queue") == true)
        }
    }

    @Test func endingAConsultationClosesThePatientsAndTheCliniciansSockets() async throws {
        try await withLiveApp { app, port, world in
            // setup: the patient waits; the clinician sees them
            let cookie = try await VideoSignalTests.clinicianCookie(world, on: app)
            let clinician = try await VideoSignalTests.socket(port, SiteURL.consultationSignal(id: world.videoA).path, cookie: cookie)
            let patient = try await VideoSignalTests.socket(port, SiteURL.videoSignal(token: world.videoTokenA).path)
            _ = try await clinician.text(containing: #""name":"Wanda Marker-A Patient""#)
            _ = try await patient.text(containing: #""place":1"#)
            var gp = try await TestBrowser.signedIn(app, personID: world.gpA.id)
            // MUT
            let ended = try await gp.post(SiteURL.consultationEnd(id: world.videoA).path, form: ["outcome": "adviceGiven"])
            // validate: told it ended, then closed with the same words, whatever the browsers do
            #expect(ended.status == .seeOther)
            _ = try await patient.text(containing: #""state":"ended""#)
            for socket in [patient, clinician] {
                let close = try await socket.closed()
                #expect(close.code == 4410 && close.reason == "The consultation has ended.", "\(close)")
            }
            #expect(await app.liveConnections.count(.videoSignal) == 0)
        }
    }

    @Test func aForcedSignOutFromASeatClosesThatViewer() async throws {
        try await withGateway { rig in
            // setup
            let viewer = try await rig.relayingViewer()
            var admin = try await DesktopAdminTests.admin(rig.app, world: rig.world)
            // MUT
            let out = try await admin.post(SiteURL.desktopSeatSignOut(id: rig.world.desktopSeatA).path)
            // validate
            #expect(out.status == .seeOther)
            let close = try await viewer.closed()
            #expect(close.code == 4000 && close.reason == DesktopNotice.forcedOut.text, "\(close)")
        }
    }

    @Test func aClinicianNoLongerEngagedAtTheConsultationsPracticeCannotReopenIt() async throws {
        try await withTestApp { app in
            // setup: a consultation of practice A booked with the locum, whose engagement at A has ended (they act for B)
            let world = try await TestWorld.make(on: app)
            let consultation = VideoConsultation(
                organisationID: world.practiceA, clinicianID: world.locum.id, requestID: nil, patientName: "Wanda Marker-A Patient",
                slotAt: Date(), bookedByID: world.managerA.id, now: Date())
            try await consultation.create(on: app.db)
            var locum = try await TestBrowser.signedIn(app, personID: world.locum.id)
            // MUT
            let page = try await locum.get(SiteURL.consultationCall(id: try consultation.requireID()).path)
            let ice = try await locum.get(SiteURL.consultationICE(id: try consultation.requireID()).path)
            // validate
            #expect(page.status == .forbidden)
            #expect(ice.status == .forbidden)
        }
    }

    /// A new sign-in of `person` with both factors; its session token.
    static func session(_ app: Application, _ person: UUID) async throws -> String {
        try #require(try await TestBrowser.signedIn(app, personID: person).cookies[SiteCookie.session])
    }
}

/// Runs `body` with a fresh app and its world, serving on a real port of 127.0.0.1.
func withLiveApp(_ body: (Application, Int, TestWorld) async throws -> Void) async throws {
    try await withTestApp { app in
        let world = try await TestWorld.make(on: app)
        try await app.server.start(address: .hostname("127.0.0.1", port: 0))
        do {
            try await body(app, try #require(app.http.server.shared.localAddress?.port), world)
        } catch {
            await app.server.shutdown()
            throw error
        }
        await app.server.shutdown()
    }
}

extension GatewayRig {
    /// gpA's viewer carried as far as the desktop itself (the host's ServerInit): the gateway is relaying.
    func relayingViewer() async throws -> TestWebSocket {
        let socket = try await connect(try await ticket().path)
        let greeting = try await socket.receive(count: 12)
        try await socket.send(greeting)
        _ = try await socket.receive(count: 2)
        try await socket.send([RFBSecurity.none])
        _ = try await socket.receive(count: 4)
        try await socket.send([1])
        _ = try await socket.receive(count: 28)
        return socket
    }
}
