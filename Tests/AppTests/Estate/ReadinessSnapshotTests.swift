import Domain
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// National readiness read from the background count: the same figures as a live count, the time they were counted on
/// the page, and a change in them within the interval and the time a count takes.
@Suite struct ReadinessSnapshotTests {
    /// A configuration whose roll-ups of any size read the snapshot, counted every `interval` (nil: by hand).
    static func config(interval: TimeInterval?) -> AppConfig {
        var config = TestDatabase.config()
        config.readinessSnapshot = ReadinessSnapshotConfig(interval: interval, above: 0)
        return config
    }

    /// Every provider counted live, by id.
    static func live(_ app: Application) async throws -> [UUID: OrganisationReadiness] {
        let providers = try await Organisation.query(on: app.db).filter(\.$kind ~~ EstateScope.providerKinds).all()
        let lines = try await EstateReadiness.organisations(providers, on: app.db, today: CalendarDay(Date()))
        return Dictionary(uniqueKeysWithValues: lines.map { ($0.organisation.id!, $0.summary) })
    }

    @Test func theSnapshotHoldsWhatALiveCountGives() async throws {
        try await withTestApp(config: Self.config(interval: nil)) { app in
            // setup: a personal device that does not count, a second factor missing
            let world = try await EstateWorld.make(on: app)
            var gp = try await EstateWorld.browser(app, world.base.gpA.id)
            _ = try await gp.post(SiteURL.estatePersonal.path, form: ["kind": "headset"])
            let unenrolled = try #require(try await Person.find(world.base.managerB.id, on: app.db))
            unenrolled.totpSecret = nil
            try await unenrolled.save(on: app.db)
            var national = try await EstateWorld.browser(app, world.national)
            // MUT
            let snapshot = try await app.readinessSnapshots.take(on: app.db)
            let page = try await national.get(SiteURL.estateReadiness.path)
            // validate
            let live = try await Self.live(app)
            #expect(live.count >= 4, "practices A, B, C and D at least")
            #expect(snapshot.summaries == live)
            #expect(live[world.base.practiceB].map { $0.ready < $0.staff } == true, "manager B lacks a second factor")
            let rollup = ReadinessRollup(Array(live.values))
            let body = page.body.string
            #expect(page.status == .ok)
            #expect(
                body.contains(
                    "\(rollup.ready) of \(rollup.staff) staff (\(rollup.percent)%) across \(rollup.organisations) organisations are ready"))
            #expect(body.contains("These figures were counted at \(UKTime.moment(snapshot.takenAt))"))
        }
    }

    @Test func aNarrowRollupIsCountedForThePage() async throws {
        try await withTestApp { app in
            // setup: the standard configuration, where only roll-ups of more than 1,000 organisations read the snapshot
            let world = try await EstateWorld.make(on: app)
            var lead = try await EstateWorld.browser(app, world.itLead)
            // MUT
            let page = try await lead.get(SiteURL.estateReadiness.path)
            // validate
            #expect(page.status == .ok)
            #expect(page.body.string.contains("Readiness across"))
            #expect(!page.body.string.contains("These figures were counted at"))
            #expect(app.readinessSnapshots.latest == nil, "no snapshot was taken for a commissioner's few practices")
        }
    }

    @Test func aChangeIsInTheFiguresWithinTheInterval() async throws {
        try await withTestApp(config: Self.config(interval: 1)) { app in
            // setup: the background count running every second
            let world = try await EstateWorld.make(on: app)
            let snapshots = app.readinessSnapshots
            let worldMadeAt = Date()
            try await waitUntil(seconds: 30) { (snapshots.latest?.takenAt ?? .distantPast) > worldMadeAt }
            let before = try #require(snapshots.latest?.summaries[world.base.practiceA])
            // MUT: a new receptionist starts at practice A
            let person = Person(name: "Rita Newstart", email: "rita.newstart@estate.test")
            try await person.create(on: app.db)
            let period = try EngagementPeriod(starts: CalendarDay(Date()).adding(days: -1), ends: nil)
            try await Engagement(
                personID: person.requireID(), organisationID: world.base.practiceA, role: .receptionist, kind: .permanent, period: period
            ).create(on: app.db)
            let changedAt = Date()
            // validate: a count begun after the change arrives within the interval and a count's time (bounded at 30 s here)
            try await waitUntil(seconds: 30) { (snapshots.latest?.takenAt ?? .distantPast) > changedAt }
            let after = try #require(snapshots.latest)
            #expect(after.summaries[world.base.practiceA]?.staff == before.staff + 1)
            #expect(after.summaries == (try await Self.live(app)))
        }
    }
}
