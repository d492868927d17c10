import Domain
import Fluent
import Foundation
import NIOCore
import NIOPosix
import SQLKit
import Testing
import VaporTesting

@testable import App

/// The desktop gateway over a real connection: a viewer is carried to practice A's seat (a fake VNC host) and back,
/// refused with a code and a reason the page can show when it should be, and the host's password stays inside.
@Suite struct DesktopGatewayTests {
    /// How long a step that runs in another task (the audit rows, the seat's state) may take: these shared 2-core
    /// machines have been seen to need over 15 s under a full parallel run. Still bounded, so a real hang fails.
    static let loadedMachine = 45.0

    @Test func aViewerIsCarriedToTheSeatAndBack() async throws {
        try await withGateway { rig in
            // setup
            let ticket = try await rig.ticket()
            #expect(ticket.seat == "alpha-seat-1")
            let openedActivity = try await rig.seat().lastActivity
            // MUT: RFB 3.8 with security None toward the viewer, then bytes both ways
            let socket = try await rig.connect(ticket.path)
            let greeting = try await socket.receive(count: 12)
            #expect(greeting == Array("RFB 003.008\n".utf8))
            try await socket.send(greeting)
            #expect(try await socket.receive(count: 2) == [1, RFBSecurity.none])
            try await socket.send([RFBSecurity.none])
            #expect(try await socket.receive(count: 4) == [0, 0, 0, 0])
            try await socket.send([1])  // ClientInit: shared
            let serverInit = try await socket.receive(count: 28)
            // fences read the same both ways (ClientFence and ServerFence), so the echo is a stream the gateway follows
            let payload = RFBTestStream.fences(totalling: 100_000)
            try await socket.send(payload)
            let echoed = try await socket.receive(count: payload.count, timeout: .seconds(30))
            // validate: the host's ServerInit (64×48, named "fake") and the echo came through unchanged
            #expect(Array(serverInit.prefix(4)) == [0, 64, 0, 48])
            #expect(Array(serverInit.suffix(8)) == [0, 0, 0, 4] + Array("fake".utf8))
            #expect(echoed == payload)
            #expect(rig.host.connections == 1)
            #expect(rig.host.sessions == 1)
            #expect(rig.host.authenticationFailures == 0)
            // the seat is marked in use again before the viewer leaves (the two run in separate tasks)
            let app = rig.app
            let (person, seatID) = (rig.world.gpA.id, rig.world.desktopSeatA)
            try await eventually(seconds: Self.loadedMachine) {
                let connected = try await auditRows(app, .desktopConnected, actor: person)
                let seat = try await DesktopSeat.find(seatID, on: app.db)
                return !connected.isEmpty && (seat?.lastActivity ?? .distantPast) > (openedActivity ?? .distantPast)
            }

            // MUT: the viewer leaves
            await socket.close()

            // validate: both ends audited with the bytes carried; the seat stays gpA's, disconnected
            try await eventually(seconds: Self.loadedMachine) {
                let seat = try await DesktopSeat.find(seatID, on: app.db)
                return try await !auditRows(app, .desktopDisconnected, actor: person).isEmpty && seat?.state.rawValue == "disconnected"
            }
            let connected = try await auditRows(app, .desktopConnected, actor: person)
            let disconnected = try await auditRows(app, .desktopDisconnected, actor: person)
            #expect(connected.count == 1)
            #expect(disconnected.count == 1)
            #expect(connected.first?.recordID?.lowercased() == seatID.uuidString.lowercased())
            let detail = disconnected.first?.detail ?? ""
            // to the viewer: ServerInit (28) and the echo; from it: ClientInit (1) and the payload
            #expect(detail.contains("alpha-seat-1"), "\(detail)")
            #expect(detail.contains("\(28 + payload.count) bytes to the viewer"), "\(detail)")
            #expect(detail.contains("\(1 + payload.count) from it"), "\(detail)")
            let seat = try await rig.seat()
            #expect(seat.state.rawValue == "disconnected")
            #expect(seat.personID == person)
        }
    }

    @Test func aTicketWorksOnce() async throws {
        try await withGateway { rig in
            // setup: the ticket carries a first viewer as far as the greeting
            let ticket = try await rig.ticket()
            let first = try await rig.connect(ticket.path)
            #expect(try await first.receive(count: 12) == Array("RFB 003.008\n".utf8))
            await first.close()
            let connections = rig.host.connections
            // MUT
            let second = try await rig.connect(ticket.path)
            let (code, reason) = try await second.closed()
            // validate
            #expect(code == 4403)
            #expect(reason.contains("already been used"), "\(reason)")
            expectPlainEnglish(reason)
            #expect(rig.host.connections == connections)
            await second.close()
        }
    }

    @Test func anExpiredTicketIsRefused() async throws {
        try await withGateway { rig in
            // setup
            let ticket = try await rig.ticket()
            let row = try #require(
                try await DesktopConnectTicket.query(on: rig.app.db).filter(\.$tokenDigest == SecretToken.digest(ticket.token)).first())
            row.expiresAt = Date().addingTimeInterval(-1)
            try await row.save(on: rig.app.db)
            // MUT
            let socket = try await rig.connect(ticket.path)
            let (code, reason) = try await socket.closed()
            // validate
            #expect(code == 4403)
            #expect(reason.contains("expired"), "\(reason)")
            expectPlainEnglish(reason)
            #expect(rig.host.connections == 0)
            await socket.close()
        }
    }

    @Test func anotherPersonsTicketIsRefused() async throws {
        try await withGateway { rig in
            // setup: gpA's ticket in managerA's hands (the ticket is checked before any seat)
            let ticket = try await rig.ticket()
            let manager = try await TestBrowser.signedIn(rig.app, personID: rig.world.managerA.id)
            let managerSession = try #require(manager.cookies[SiteCookie.session])
            // MUT
            let socket = try await rig.connect(ticket.path, session: managerSession)
            let (code, reason) = try await socket.closed()
            // validate
            #expect(code == 4403)
            #expect(reason.contains("someone else"), "\(reason)")
            expectPlainEnglish(reason)
            #expect(rig.host.connections == 0)
            await socket.close()
        }
    }

    @Test func aSessionWithoutTheSecondFactorIsRefused() async throws {
        try await withGateway { rig in
            // setup: gpA half signed in (password only), holding a real ticket
            let ticket = try await rig.ticket()
            let token = SecretToken.generate()
            let halfSignedIn = StaffSession(
                personID: rig.world.gpA.id, tokenDigest: SecretToken.digest(token), now: Date(), sourceAddress: nil)
            try await halfSignedIn.create(on: rig.app.db)
            // MUT
            let socket = try await rig.connect(ticket.path, session: token)
            let (code, reason) = try await socket.closed()
            // validate: refused before the ticket is looked at, so the ticket is not spent
            #expect(code == 4401)
            expectPlainEnglish(reason)
            #expect(rig.host.connections == 0)
            let row = try await DesktopConnectTicket.query(on: rig.app.db).filter(\.$tokenDigest == SecretToken.digest(ticket.token))
                .first()
            #expect(row?.usedAt == nil)
            await socket.close()
        }
    }

    @Test func noTicketIsRefused() async throws {
        try await withGateway { rig in
            // setup
            _ = try await rig.ticket()
            // MUT
            let socket = try await rig.connect(SiteURL.desktopGateway.path)
            let (code, reason) = try await socket.closed()
            // validate
            #expect(code == 4403)
            expectPlainEnglish(reason)
            #expect(rig.host.connections == 0)
            await socket.close()
        }
    }

    @Test func aWebSocketFromAnotherSiteIsNotUpgraded() async throws {
        try await withGateway { rig in
            // setup
            let ticket = try await rig.ticket()
            // MUT
            do {
                let socket = try await rig.connect(ticket.path, origin: "http://evil.example")
                Issue.record("the gateway upgraded a WebSocket from another site")
                await socket.close()
            } catch TestWebSocket.Failure.notUpgraded(let status) {
                // validate
                #expect(status == .forbidden)
            }
            #expect(rig.host.connections == 0)
            let app = rig.app
            try await eventually(seconds: 10) {
                try await auditRows(app, .desktopRefused, actor: nil).contains { $0.detail.contains("another site") }
            }
            let row = try await DesktopConnectTicket.query(on: rig.app.db).filter(\.$tokenDigest == SecretToken.digest(ticket.token))
                .first()
            #expect(row?.usedAt == nil)
        }
    }

    @Test func theHostPasswordStaysInside() async throws {
        try await withGateway { rig in
            // setup: every page and answer on the way to a desktop, a session through the gateway and a refusal
            let secret = TestWorld.desktopSecretA
            let pool = rig.world.desktopPoolA
            _ = try await rig.get(SiteURL.desktops.path)
            let ticket = try await rig.ticket()
            _ = try await rig.get(SiteURL.desktopPool(id: pool).path)
            // the pools' administration, as a commissioner's IT lead sees it (it lists the host)
            let admin = Person(name: "Kim IT-Lead", email: "kim@icb.test")
            try await admin.create(on: rig.app.db)
            let always = try EngagementPeriod(starts: CalendarDay(Date()).adding(days: -1), ends: nil)
            try await Engagement(
                personID: admin.requireID(), organisationID: rig.world.commissioner, role: .commissionerITLead, kind: .permanent,
                period: always
            ).create(on: rig.app.db)
            var adminBrowser = try await TestBrowser.signedIn(rig.app, personID: admin.requireID())
            rig.record(try await adminBrowser.get(SiteURL.desktopPools.path))
            let adminPage = try await adminBrowser.get(SiteURL.desktopPoolAdmin(id: pool).path)
            rig.record(adminPage)
            #expect(adminPage.status == .ok)
            #expect(adminPage.body.string.contains("alpha-host"))
            let socket = try await rig.connect(ticket.path)
            var fromGateway = try await socket.receive(count: 12)
            try await socket.send(fromGateway)
            fromGateway += try await socket.receive(count: 2)
            try await socket.send([RFBSecurity.none])
            fromGateway += try await socket.receive(count: 4)
            try await socket.send([1])
            fromGateway += try await socket.receive(count: 28)
            await socket.close()
            let refused = try await rig.connect(ticket.path)
            let (_, reason) = try await refused.closed()
            await refused.close()
            let app = rig.app
            let person = rig.world.gpA.id
            try await eventually(seconds: Self.loadedMachine) { try await !auditRows(app, .desktopDisconnected, actor: person).isEmpty }

            // MUT: everything that left the gateway and the app, and what they stored
            let said = rig.bodies + [String(decoding: fromGateway, as: UTF8.self), reason]
            let audit = try await AuditEvent.query(on: app.db).all()
            let auditColumns = try await allText(app, table: AuditEvent.schema)
            let hostRow = try #require(try await DesktopHost.find(rig.world.desktopHostA, on: app.db))
            let hostColumns = try await allText(app, table: DesktopHost.schema)

            // validate
            #expect(rig.bodies.count == 6)
            for text in said { #expect(!text.contains(secret)) }
            #expect(!audit.isEmpty)
            for row in audit {
                let fields = [
                    row.actorID, row.organisationID, row.action, row.recordType, row.recordID, row.sourceAddress, row.detail,
                    row.previousHash, row.hash,
                ]
                for field in fields.compactMap({ $0 }) { #expect(!field.contains(secret), "audit \(row.action): \(field)") }
            }
            #expect(!auditColumns.isEmpty)
            for text in auditColumns { #expect(!text.contains(secret)) }
            #expect(!hostRow.sealedSecret.contains(secret))
            #expect(try app.secretBox.open(hostRow.sealedSecret) == secret)
            #expect(!hostColumns.isEmpty)
            for text in hostColumns { #expect(!text.contains(secret), "desktop_hosts: \(text)") }
        }
    }

    @Test func aHostThatRefusesThePasswordClosesWith4502() async throws {
        let wrongPassword = "Nq4&kT9v"
        try await withGateway(hostPassword: wrongPassword) { rig in
            // setup: the host's password is not the one the pool file registered
            let ticket = try await rig.ticket()
            // MUT
            let socket = try await rig.connect(ticket.path)
            let (code, reason) = try await socket.closed()
            // validate: the viewer got no RFB at all, only the reason
            #expect(code == 4502)
            expectPlainEnglish(reason)
            #expect(!reason.contains(TestWorld.desktopSecretA))
            #expect(!reason.contains(wrongPassword))
            do {
                _ = try await socket.receive(count: 1, timeout: .seconds(2))
                Issue.record("the viewer was sent bytes from a host that refused the gateway")
            } catch TestWebSocket.Failure.closedEarly {}
            let host = rig.host
            try await eventually(seconds: 10) { host.authenticationFailures == 1 }
            #expect(rig.host.sessions == 0)
            await socket.close()
        }
    }
}

// MARK: helpers

/// Audit rows of `action`, by `actor` when given.
private func auditRows(_ app: Application, _ action: AuditAction, actor: UUID?) async throws -> [AuditEvent] {
    let rows = try await AuditEvent.query(on: app.db).filter(\.$action == action.rawValue).all()
    guard let actor else { return rows }
    return rows.filter { $0.actorID?.lowercased() == actor.uuidString.lowercased() }
}

/// Every value in `table` that reads as text, whatever its column: what a person with the database would see.
private func allText(_ app: Application, table: String) async throws -> [String] {
    let sql = try #require(app.db as? any SQLDatabase)
    let rows = try await sql.raw("SELECT * FROM \(ident: table)").all()
    return rows.flatMap { row in row.allColumns.compactMap { try? row.decode(column: $0, as: String.self) } }
}

/// A close reason the page can show as it is: a short sentence, not a code or an error dump.
private func expectPlainEnglish(_ reason: String, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(!reason.isEmpty, sourceLocation: sourceLocation)
    #expect(reason.utf8.count < 120, "\(reason)", sourceLocation: sourceLocation)
    #expect(reason.first?.isUppercase == true, "\(reason)", sourceLocation: sourceLocation)
    #expect(reason.hasSuffix(".") || reason.hasSuffix("…"), "\(reason)", sourceLocation: sourceLocation)
    for token in ["Error", "error:", "{", "}", "nil", "Optional("] {
        #expect(!reason.contains(token), "\(reason)", sourceLocation: sourceLocation)
    }
}

/// Polls `condition` until it holds, failing after `seconds`.
private func eventually(seconds: Double, _ condition: @escaping @Sendable () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
    while ContinuousClock.now < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(50))
    }
    throw TimeoutError(seconds: seconds)
}
