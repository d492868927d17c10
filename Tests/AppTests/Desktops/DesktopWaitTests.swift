import Domain
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// People who wait for a seat are counted as they join the line, whether or not a broker tick ever sees them, and the
/// waiting page's estimate comes from how fast seats were handed to people from the line lately.
@Suite struct DesktopWaitTests {
    @Test func someoneWhoWaitedBetweenTicksIsCountedAndTheNextWaitComesFromTheHandOverRate() async throws {
        try await withTestApp { app in
            // setup: the GP holds the only seat, the manager waits; no tick runs
            let world = try await TestWorld.make(on: app)
            let pool = world.desktopPoolA
            var gp = try await TestBrowser.signedIn(app, personID: world.gpA.id)
            var manager = try await TestBrowser.signedIn(app, personID: world.managerA.id)
            _ = try await gp.post(SiteURL.desktopOpen(id: pool).path)
            _ = try await manager.post(SiteURL.desktopOpen(id: pool).path)
            // MUT: the GP signs out, so the seat is handed to the manager
            _ = try await gp.post(SiteURL.desktopSignOut(id: pool).path)
            try await DesktopBrokerAppTests.eventually("the manager is offered the seat") {
                try await DesktopSeat.find(world.desktopSeatA, on: app.db)?.personID == world.managerA.id
            }
            // validate: the minute counts one person who waited and one seat handed over, and the chart says so
            let samples = try await DesktopPoolSample.query(on: app.db).filter(\.$poolID == pool).all()
            #expect(samples.reduce(0) { $0 + $1.waited } == 1)
            #expect(samples.reduce(0) { $0 + $1.handedOver } == 1)
            #expect(samples.map(\.waiting).max() == 1)
            var admin = try await DesktopAdminTests.admin(app, world: world)
            let html = try await admin.get(SiteURL.desktopPoolAdmin(id: pool).path).body.string
            #expect(html.contains("1 person waited for a seat, at most 1 at once."), "\(html)")

            // MUT: a nurse opens while the seat is held for the manager: first in line after one hand-over in 15 minutes
            var nurse = try await TestBrowser.engaged(app, name: "Nia Nurse", email: "nia@a.test", at: world.practiceA, as: .nurse)
            _ = try await nurse.post(SiteURL.desktopOpen(id: pool).path)
            let page = try await nurse.get(SiteURL.desktopPool(id: pool).path).body.string
            // validate: (0 ahead + 1) × 15 minutes / 1 hand-over; the session-length estimate would say 1 minute or less
            #expect(page.contains("Estimated wait: <span id=\"waiting-estimate\">about 15 minutes</span>"), "\(page)")
        }
    }

    @Test func withNoRecentHandOverTheWaitFallsBackToSessionLengths() async throws {
        try await withTestApp { app in
            // setup: the GP holds the only seat; a 30-minute session ended earlier, and no seat went from the line
            let world = try await TestWorld.make(on: app)
            let pool = world.desktopPoolA
            var gp = try await TestBrowser.signedIn(app, personID: world.gpA.id)
            _ = try await gp.post(SiteURL.desktopOpen(id: pool).path)
            let past = Date().addingTimeInterval(-3 * 3600)
            let ended = DesktopSession(poolID: pool, seatID: world.desktopSeatA, personID: world.managerA.id, startedAt: past)
            ended.endedAt = past.addingTimeInterval(30 * 60)
            try await ended.create(on: app.db)
            var manager = try await TestBrowser.signedIn(app, personID: world.managerA.id)
            // MUT
            _ = try await manager.post(SiteURL.desktopOpen(id: pool).path)
            let page = try await manager.get(SiteURL.desktopPool(id: pool).path).body.string
            // validate: 1 × 30 minutes / 1 seat
            #expect(page.contains("about 30 minutes"), "\(page)")
        }
    }
}
