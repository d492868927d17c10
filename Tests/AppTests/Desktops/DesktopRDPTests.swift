import Domain
import Fluent
import Foundation
import NIOCore
import NIOPosix
import Testing
import VaporTesting

@testable import App

/// RDP hosts: what a pool file registers, the Windows credentials a viewer may send with its ticket (held for that
/// ticket alone, never stored), and the health check of an RDP seat.
@Suite struct DesktopRDPTests {
    static let fingerprint = "AD:B3:68:09:9D:B8:78:A9:9D:3D:9C:69:FA:03:49:93:6D:55:65:E6:8B:6E:69:0A:C0:14:E9:7A:97:E9:0D:7D"

    static func rdpPool(rdpSignIn: String? = "personsCredentials", protocol: String? = "rdp", fingerprint: String? = "sha256:" + fingerprint)
        -> DesktopPoolFile
    {
        DesktopPoolFile(
            name: "Windows desktops", organisations: [TestWorld.codeA], rdpSignIn: rdpSignIn,
            hosts: [
                .init(
                    name: "windows-host", address: "10.0.0.5", protocol: `protocol`, secret: "", certificateFingerprint: fingerprint,
                    seats: [.init(name: "windows-seat-1", host: "10.0.0.5", port: 3389)])
            ])
    }

    @Test func aPoolFileRegistersRDPHostsAndHowPeopleSignIn() async throws {
        try await withTestApp { app in
            // setup
            let world = try await TestWorld.make(on: app)
            // MUT
            let poolID = try await Self.rdpPool().apply(on: app.db, box: app.secretBox)
            // validate
            let pool = try #require(try await DesktopPool.find(poolID, on: app.db))
            let host = try #require(try await DesktopHost.query(on: app.db).filter(\.$poolID == poolID).first())
            #expect(pool.rdpSignIn == .personsCredentials)
            #expect(host.protocolName == .rdp)
            #expect(host.certificateFingerprint == "sha256:" + Self.fingerprint.lowercased())
            // and a VNC host, as every file before, is still one
            let vnc = try #require(try await DesktopHost.find(world.desktopHostA, on: app.db))
            #expect(vnc.protocolName == .vnc)
            #expect(vnc.certificateFingerprint == nil)
        }
    }

    @Test(arguments: [
        (DesktopRDPTests.rdpPool(rdpSignIn: "askTheReceptionist"), "rdpSignIn: use signInScreen or personsCredentials"),
        (DesktopRDPTests.rdpPool(protocol: "spice"), "protocol is vnc or rdp"),
        (DesktopRDPTests.rdpPool(fingerprint: "md5:12:34"), "certificateFingerprint is sha256:"),
        (DesktopRDPTests.rdpPool(protocol: "vnc", fingerprint: nil), "needs its VNC password"),
        (DesktopRDPTests.rdpPool(protocol: "vnc"), "certificateFingerprint is for RDP hosts"),
    ])
    func aPoolFileWithABadRDPHostIsRefusedWhole(file: DesktopPoolFile, problem: String) async throws {
        try await withTestApp { app in
            // setup
            _ = try await TestWorld.make(on: app)
            // MUT
            let problems = file.problems()
            // validate
            #expect(problems.contains { $0.contains(problem) }, "\(problems)")
            await #expect(throws: DesktopError.self) { _ = try await file.apply(on: app.db, box: app.secretBox) }
            #expect(try await DesktopPool.query(on: app.db).filter(\.$name == file.name).count() == 0)
        }
    }

    @Test func credentialsAreHandedOverOnceAndNotAfterTheTicketsMinute() throws {
        // setup
        let handoff = DesktopRDPCredentialHandoff()
        let credentials = try #require(RDPCredentials.fromForm(user: "a.jones", domain: nil, password: "Pa55-word!"))
        let now = Date()
        handoff.hold(credentials, ticketDigest: "first", now: now)
        handoff.hold(credentials, ticketDigest: "late", now: now)
        // MUT
        let taken = handoff.take(ticketDigest: "first", now: now)
        let again = handoff.take(ticketDigest: "first", now: now)
        let late = handoff.take(ticketDigest: "late", now: now.addingTimeInterval(DesktopConnectTicket.lifetime + 1))
        // validate
        #expect(taken == credentials)
        #expect(again == nil)
        #expect(late == nil)
        #expect(handoff.count == 0)
    }

    @Test func aTicketTakesWindowsCredentialsOnlyWhereThePoolPassesThem() async throws {
        try await withGateway { rig in
            // setup: gpA holds practice A's seat, in a pool that does not pass credentials
            _ = try await rig.ticket()
            let path = SiteURL.desktopTicket(id: rig.world.desktopPoolA).path
            let handoff = rig.app.desktopBroker.rdpCredentials
            let given = ["windowsUser": "a.jones", "windowsPassword": "Pa55-word!"]
            // MUT
            let refused = try await rig.browser.post(path, form: given)
            let pool = try #require(try await DesktopPool.find(rig.world.desktopPoolA, on: rig.app.db))
            pool.rdpSignIn = .personsCredentials
            try await pool.save(on: rig.app.db)
            let half = try await rig.browser.post(path, form: ["windowsUser": "a.jones"])
            let injected = try await rig.browser.post(path, form: ["windowsUser": "a.jones\r\nusername:s:admin", "windowsPassword": "x"])
            let accepted = rig.record(try await rig.browser.post(path, form: given))
            // validate
            #expect(refused.status == .badRequest)
            #expect(refused.body.string.contains("does not take Windows credentials"))
            #expect(half.status == .badRequest)
            #expect(injected.status == .badRequest)
            #expect(accepted.status == .ok)
            let ticket = try JSONDecoder().decode(GatewayRig.Ticket.self, from: Data(accepted.body.readableBytesView))
            #expect(handoff.take(ticketDigest: SecretToken.digest(ticket.token)) == RDPCredentials(user: "a.jones", password: "Pa55-word!"))
            #expect(handoff.count == 0)
            #expect(!rig.bodies.contains { $0.contains("Pa55-word!") })
            #expect(try await DesktopConnectTicket.query(on: rig.app.db).count() == 2)  // rig.ticket()'s and the accepted one
        }
    }

    @Test func theViewerAsksForWindowsCredentialsOnAnRDPSeatOfAPoolThatPassesThem() async throws {
        try await withGateway { rig in
            // setup
            _ = try await rig.ticket()
            let page = SiteURL.desktopPool(id: rig.world.desktopPoolA).path
            let before = try await rig.get(page).body.string
            let host = try #require(try await DesktopHost.find(rig.world.desktopHostA, on: rig.app.db))
            host.protocolName = .rdp
            try await host.save(on: rig.app.db)
            let signInScreen = try await rig.get(page).body.string
            let pool = try #require(try await DesktopPool.find(rig.world.desktopPoolA, on: rig.app.db))
            pool.rdpSignIn = .personsCredentials
            try await pool.save(on: rig.app.db)
            // MUT
            let asking = try await rig.get(page).body.string
            // validate
            #expect(!before.contains("windows-sign-in"))
            #expect(!signInScreen.contains("windows-sign-in"))
            #expect(asking.contains("id=\"windows-sign-in\""))
            #expect(asking.contains("type=\"password\""))
        }
    }

    @Test func anRDPSeatIsHealthyOnlyWhenAnRDPServerAnswers() async throws {
        // setup: a VNC server's greeting where an RDP server should be, and a closed port
        let vnc = try await FakeVNCHost.start(password: "secret12")
        let closed = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0).get()
        let closedPort = try #require(closed.localAddress?.port)
        try await closed.close()
        // MUT / validate
        await #expect(throws: RFBSignInProbe.Failure.self) {
            try await RDPAnswerProbe.check(host: "127.0.0.1", port: vnc.port, group: MultiThreadedEventLoopGroup.singleton)
        }
        await #expect(throws: RFBSignInProbe.Failure.self) {
            try await RDPAnswerProbe.check(host: "127.0.0.1", port: closedPort, group: MultiThreadedEventLoopGroup.singleton)
        }
        try await vnc.close()
    }
}
