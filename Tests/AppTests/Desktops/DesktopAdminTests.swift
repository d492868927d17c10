import Domain
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// The administration pages: who sits where, the line, hosts, drain, force sign-out, the utilisation chart.
@Suite struct DesktopAdminTests {
    /// A system administrator of the commissioner in practice A's world.
    static func admin(_ app: Application, world: TestWorld) async throws -> TestBrowser {
        try await TestBrowser.engaged(app, name: "Sam Sysadmin", email: "sam@ops.test", at: world.commissioner, as: .systemAdmin)
    }

    @Test func anAdministratorSeesWhoSitsWhereAndCanSignThemOut() async throws {
        try await withTestApp { app in
            // setup: the GP holds the seat, the manager waits, a minute has been sampled
            let world = try await TestWorld.make(on: app)
            var gp = try await TestBrowser.signedIn(app, personID: world.gpA.id)
            var manager = try await TestBrowser.signedIn(app, personID: world.managerA.id)
            _ = try await gp.post(SiteURL.desktopOpen(id: world.desktopPoolA).path)
            _ = try await manager.post(SiteURL.desktopOpen(id: world.desktopPoolA).path)
            try await app.desktopBroker.tick(pool: world.desktopPoolA, app: app)
            var admin = try await Self.admin(app, world: world)
            // MUT
            let page = try await admin.get(SiteURL.desktopPoolAdmin(id: world.desktopPoolA).path)
            // validate
            let html = page.body.string
            #expect(page.status == .ok)
            #expect(html.contains("alpha-seat-1") && html.contains(TestWorld.markerA) && html.contains("in use"))
            #expect(html.contains("Mary Manager-A, since"), "the waiting line names who waits")
            #expect(html.contains("<svg") && html.contains("Seats taken peaked at 1 of 1"))
            #expect(!html.contains(TestWorld.desktopSecretA))
            #expect(
                html.contains(#">Sign out<span class="visually-hidden"> of alpha-seat-1</span></button>"#),
                "a short button, whose name for a screen reader still says which seat")
            // MUT: force the GP out; the seat goes to the manager
            let out = try await admin.post(SiteURL.desktopSeatSignOut(id: world.desktopSeatA).path)
            #expect(out.status == .seeOther)
            try await DesktopBrokerAppTests.eventually("the manager is offered the seat") {
                try await DesktopSeat.find(world.desktopSeatA, on: app.db)?.personID == world.managerA.id
            }
            let audit = try await AuditEvent.query(on: app.db).filter(\.$action == AuditAction.desktopForcedOut.rawValue).count()
            #expect(audit == 1)
        }
    }

    @Test func someoneWhoWaitedPartOfAMinuteShowsOnTheChart() async throws {
        try await withTestApp { app in
            // setup: the minute is sampled while nobody waits, then the manager has to wait within the same minute
            let world = try await TestWorld.make(on: app)
            let minute = (Date().timeIntervalSince1970 / 60).rounded(.down) * 60
            var gp = try await TestBrowser.signedIn(app, personID: world.gpA.id)
            var manager = try await TestBrowser.signedIn(app, personID: world.managerA.id)
            _ = try await gp.post(SiteURL.desktopOpen(id: world.desktopPoolA).path)
            try await app.desktopBroker.tick(pool: world.desktopPoolA, app: app, now: Date(timeIntervalSince1970: minute + 5))
            _ = try await manager.post(SiteURL.desktopOpen(id: world.desktopPoolA).path)
            // MUT
            try await app.desktopBroker.tick(pool: world.desktopPoolA, app: app, now: Date(timeIntervalSince1970: minute + 20))
            // validate
            let samples = try await DesktopPoolSample.query(on: app.db).filter(\.$poolID == world.desktopPoolA).all()
            // the join itself is counted in the minute it happens (the wall clock's, which on a loaded machine may be the next)
            #expect(samples.map(\.waiting).max() == 1)
            #expect(samples.reduce(0) { $0 + $1.waited } == 1)
            var admin = try await Self.admin(app, world: world)
            let html = try await admin.get(SiteURL.desktopPoolAdmin(id: world.desktopPoolA).path).body.string
            #expect(html.contains("Seats taken peaked at 1 of 1; 1 person waited for a seat, at most 1 at once."))
        }
    }

    @Test func aDrainingHostKeepsItsPersonButTakesNobodyNew() async throws {
        try await withTestApp { app in
            // setup
            let world = try await TestWorld.make(on: app)
            var admin = try await Self.admin(app, world: world)
            var gp = try await TestBrowser.signedIn(app, personID: world.gpA.id)
            _ = try await gp.post(SiteURL.desktopOpen(id: world.desktopPoolA).path)
            // MUT
            let drained = try await admin.post(SiteURL.desktopHostState(id: world.desktopHostA).path, form: ["state": "draining"])
            #expect(drained.status == .seeOther)
            try await app.desktopBroker.viewerClosed(person: world.gpA.id, seat: world.desktopSeatA, pool: world.desktopPoolA, app: app)
            _ = try await gp.post(SiteURL.desktopOpen(id: world.desktopPoolA).path)
            // validate: the GP is back on their seat on the draining host
            #expect(try await DesktopHost.find(world.desktopHostA, on: app.db)?.state.storedText == "draining")
            #expect(try await DesktopSeat.find(world.desktopSeatA, on: app.db)?.state.rawValue == "in_use")
            // a bad state is refused, nothing changes
            let bad = try await admin.post(SiteURL.desktopHostState(id: world.desktopHostA).path, form: ["state": "exploded"])
            #expect(bad.status == .badRequest)
            #expect(try await DesktopHost.find(world.desktopHostA, on: app.db)?.state.storedText == "draining")
        }
    }

    @Test func aPoolFormWithMistakesSaysWhatToFixAndStoresNothing() async throws {
        try await withTestApp { app in
            // setup
            let world = try await TestWorld.make(on: app)
            var admin = try await Self.admin(app, world: world)
            let before = try await DesktopPool.query(on: app.db).count()
            // MUT
            let response = try await admin.post(
                SiteURL.desktopPools.path,
                form: [
                    "name": "Alpha desktops", "placement": "sideways", "organisations": "ZZ999", "disconnectedMinutes": "0",
                    "idleMinutes": "x",
                ])
            // validate
            let html = response.body.string
            #expect(response.status == .unprocessableEntity)
            for message in [
                "A pool called Alpha desktops already exists", "Choose how the pool places people",
                "No organisation you look after has the ODS code ZZ999",
                "Enter a whole number of minutes from 1 to 1440",
            ] {
                #expect(html.contains(message), "missing: \(message)")
            }
            #expect(try await DesktopPool.query(on: app.db).count() == before)
            // a GP may not manage pools
            var gp = try await TestBrowser.signedIn(app, personID: world.gpA.id)
            #expect(try await gp.get(SiteURL.desktopPools.path).status == .forbidden)
        }
    }
}
