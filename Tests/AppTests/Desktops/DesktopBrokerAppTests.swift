import Domain
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// The broker through the pages: open, wait, sign out, offer; a failed host; refusals to people outside the pool.
@Suite struct DesktopBrokerAppTests {
    /// Polls the database until `condition` holds, failing after `seconds`.
    static func eventually(_ what: String, seconds: Double = 10, _ condition: @escaping @Sendable () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("timed out waiting until \(what)")
    }

    @Test func theFirstOpensTheSecondWaitsAndIsOfferedTheSeatWhenTheFirstSignsOut() async throws {
        try await withTestApp { app in
            // setup: practice A's pool has one seat
            let world = try await TestWorld.make(on: app)
            let pool = world.desktopPoolA
            var gp = try await TestBrowser.signedIn(app, personID: world.gpA.id)
            var manager = try await TestBrowser.signedIn(app, personID: world.managerA.id)
            // MUT: the GP opens, then the manager
            #expect(try await gp.post(SiteURL.desktopOpen(id: pool).path).status == .seeOther)
            #expect(try await manager.post(SiteURL.desktopOpen(id: pool).path).status == .seeOther)
            // validate: the GP has the seat, the manager is first in line
            let seat = try #require(try await DesktopSeat.find(world.desktopSeatA, on: app.db))
            #expect(seat.personID == world.gpA.id && seat.state.rawValue == "in_use")
            let gpPage = try await gp.get(SiteURL.desktopPool(id: pool).path).body.string
            #expect(gpPage.contains("id=\"desktop-screen\"") && gpPage.contains("Seat: alpha-seat-1"))
            let waitingPage = try await manager.get(SiteURL.desktopPool(id: pool).path).body.string
            #expect(waitingPage.contains("You are number <span id=\"waiting-place\">1</span> in line"))
            // MUT: the GP signs out; the seat is reset (no reset action: at once) and offered to the manager
            let signOut = try await gp.post(SiteURL.desktopSignOut(id: pool).path)
            #expect(signOut.location.hasPrefix(SiteURL.desktops.path))
            try await Self.eventually("the manager is offered the seat") {
                try await DesktopSeat.find(world.desktopSeatA, on: app.db)?.state.rawValue == "offered"
            }
            let offered = try #require(try await DesktopSeat.find(world.desktopSeatA, on: app.db))
            #expect(offered.personID == world.managerA.id)
            #expect(try await manager.get(SiteURL.desktopPool(id: pool).path).body.string.contains("A seat is ready for you"))
            #expect(try await manager.post(SiteURL.desktopOpen(id: pool).path).status == .seeOther)
            #expect(try await DesktopSeat.find(world.desktopSeatA, on: app.db)?.state.rawValue == "in_use")
            #expect(try await DesktopWaitingEntry.query(on: app.db).count() == 0)
            // the GP's time at the seat is on record, ended at the reset
            let sessions = try await DesktopSession.query(on: app.db).filter(\.$personID == world.gpA.id).all()
            #expect(sessions.count == 1 && sessions[0].endedAt != nil)
        }
    }

    @Test func closingTheViewerKeepsTheSeatAndOpeningAgainLandsOnIt() async throws {
        try await withTestApp { app in
            // setup
            let world = try await TestWorld.make(on: app)
            var gp = try await TestBrowser.signedIn(app, personID: world.gpA.id)
            _ = try await gp.post(SiteURL.desktopOpen(id: world.desktopPoolA).path)
            // MUT: the viewer closes without signing out, then the GP opens again
            try await app.desktopBroker.viewerClosed(person: world.gpA.id, seat: world.desktopSeatA, pool: world.desktopPoolA, app: app)
            #expect(try await DesktopSeat.find(world.desktopSeatA, on: app.db)?.state.rawValue == "disconnected")
            try await app.desktopBroker.tick(pool: world.desktopPoolA, app: app)
            _ = try await gp.post(SiteURL.desktopOpen(id: world.desktopPoolA).path)
            // validate
            let seat = try #require(try await DesktopSeat.find(world.desktopSeatA, on: app.db))
            #expect(seat.personID == world.gpA.id && seat.state.rawValue == "in_use")
            #expect(try await DesktopSession.query(on: app.db).count() == 1, "coming back continues the same session")
        }
    }

    @Test func peopleOnAFailedHostAreOfferedASeatOnAnother() async throws {
        try await withTestApp { app in
            // setup: a second host with a free seat; the GP sits on the first
            let world = try await TestWorld.make(on: app)
            let hostB = DesktopHost(
                poolID: world.desktopPoolA, name: "beta-host", address: "127.0.0.1", sealedSecret: app.secretBox.seal("x"))
            try await hostB.create(on: app.db)
            let seatB = DesktopSeat(
                poolID: world.desktopPoolA, hostID: try hostB.requireID(), name: "beta-seat-1", vncHost: "127.0.0.1", vncPort: 2)
            try await seatB.create(on: app.db)
            var gp = try await TestBrowser.signedIn(app, personID: world.gpA.id)
            try await DesktopSeat.query(on: app.db).filter(\.$id == seatB.requireID()).set(\.$state, to: .resetting).update()
            _ = try await gp.post(SiteURL.desktopOpen(id: world.desktopPoolA).path)
            try await DesktopSeat.query(on: app.db).filter(\.$id == seatB.requireID()).set(\.$state, to: .free).update()
            #expect(try await DesktopSeat.find(world.desktopSeatA, on: app.db)?.personID == world.gpA.id)
            // MUT: the first host fails two checks in a row
            for _ in 0..<2 {
                _ = await app.desktopBroker.health.record(host: world.desktopHostA, problem: "alpha-seat-1: refused", at: Date())
            }
            try await app.desktopBroker.tick(pool: world.desktopPoolA, app: app)
            // validate: the GP is offered the other host's seat; the failed seat is being reset; the host shows unhealthy
            let offered = try #require(try await DesktopSeat.find(seatB.requireID(), on: app.db))
            #expect(offered.state.rawValue == "offered" && offered.personID == world.gpA.id)
            let host = try #require(try await DesktopHost.find(world.desktopHostA, on: app.db))
            #expect(!host.healthy && host.healthDetail == "alpha-seat-1: refused")
            let page = try await gp.get(SiteURL.desktopPool(id: world.desktopPoolA).path).body.string
            #expect(page.contains("Your desktop stopped answering") && page.contains("Take the seat"))
            // taking the seat clears the notice
            _ = try await gp.post(SiteURL.desktopOpen(id: world.desktopPoolA).path)
            #expect(!(try await gp.get(SiteURL.desktopPool(id: world.desktopPoolA).path).body.string.contains("stopped answering")))
        }
    }

    @Test func someoneOutsideThePoolsOrganisationsIsRefused() async throws {
        try await withTestApp { app in
            // setup
            let world = try await TestWorld.make(on: app)
            var other = try await TestBrowser.signedIn(app, personID: world.managerB.id)
            // MUT
            let response = try await other.post(SiteURL.desktopOpen(id: world.desktopPoolA).path)
            // validate
            #expect(response.status == .notFound, "to someone outside its organisations the pool does not exist")
            #expect(!response.body.string.contains("Alpha desktops"))
            #expect(try await DesktopSeat.find(world.desktopSeatA, on: app.db)?.personID == nil)
            #expect(try await DesktopWaitingEntry.query(on: app.db).count() == 0)
            #expect(!(try await other.get(SiteURL.desktops.path).body.string.contains("Alpha desktops")))
        }
    }
}

/// The idle rule through the app: only while people wait, a seat idle past the pool's idle timeout is warned, then
/// disconnected (still its owner's); its viewers are told to close.
@Suite struct DesktopIdleTests {
    @Test func anIdleSeatIsWarnedThenDisconnectedWhileSomeoneWaits() async throws {
        try await withTestApp { app in
            // setup: the GP's seat has had no input for an hour; the manager waits
            let world = try await TestWorld.make(on: app)
            var gp = try await TestBrowser.signedIn(app, personID: world.gpA.id)
            var manager = try await TestBrowser.signedIn(app, personID: world.managerA.id)
            _ = try await gp.post(SiteURL.desktopOpen(id: world.desktopPoolA).path)
            _ = try await manager.post(SiteURL.desktopOpen(id: world.desktopPoolA).path)
            let hourAgo = Date().addingTimeInterval(-3600)
            try await DesktopSeat.query(on: app.db).filter(\.$id == world.desktopSeatA)
                .set(\.$lastActivity, to: hourAgo).set(\.$stateSince, to: hourAgo).update()
            let events = await app.events.subscribe(topic: DesktopEvent.topic)
            // MUT: a tick warns
            try await app.desktopBroker.tick(pool: world.desktopPoolA, app: app)
            // validate
            let warned = try #require(try await DesktopSeat.find(world.desktopSeatA, on: app.db))
            #expect(warned.state.rawValue == "in_use" && warned.idleWarnedAt != nil)
            let warning: DesktopEvent? = try await withTimeout(seconds: 5) { () async throws -> DesktopEvent? in
                for await live in events {
                    if let event = DesktopEvent(live), event.kind == .idleWarning { return event }
                }
                return nil
            }
            #expect(warning?.person == world.gpA.id)
            // MUT: the grace passes with no input; the next tick disconnects
            try await DesktopSeat.query(on: app.db).filter(\.$id == world.desktopSeatA)
                .set(\.$idleWarnedAt, to: Date().addingTimeInterval(-600)).update()
            try await app.desktopBroker.tick(pool: world.desktopPoolA, app: app)
            // validate: disconnected, still the GP's; the manager still waits (the seat is not handed on before the timeout)
            let after = try #require(try await DesktopSeat.find(world.desktopSeatA, on: app.db))
            #expect(after.state.rawValue == "disconnected" && after.personID == world.gpA.id)
            #expect(try await DesktopWaitingEntry.query(on: app.db).count() == 1)
        }
    }

    @Test func nobodyWaitingMeansNoIdleWarning() async throws {
        try await withTestApp { app in
            // setup
            let world = try await TestWorld.make(on: app)
            var gp = try await TestBrowser.signedIn(app, personID: world.gpA.id)
            _ = try await gp.post(SiteURL.desktopOpen(id: world.desktopPoolA).path)
            try await DesktopSeat.query(on: app.db).filter(\.$id == world.desktopSeatA)
                .set(\.$lastActivity, to: Date().addingTimeInterval(-3600)).update()
            // MUT
            try await app.desktopBroker.tick(pool: world.desktopPoolA, app: app)
            // validate
            let seat = try #require(try await DesktopSeat.find(world.desktopSeatA, on: app.db))
            #expect(seat.state.rawValue == "in_use" && seat.idleWarnedAt == nil)
        }
    }
}
