import Domain
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// Access comes from engagements active today.
@Suite struct EngagementTests {
    @Test func aLocumWhoseEngagementEndedYesterdaySeesNothingOfThatPractice() async throws {
        try await withTestApp { app in
            // setup
            let world = try await TestWorld.make(on: app)
            var browser = TestBrowser(app)
            try await browser.signIn(world.locum)
            // MUT
            let home = try await browser.get("/")
            let organisationA = try await browser.get("/organisations/\(TestWorld.codeA)")
            let switchToA = try await browser.post("/acting-for", form: ["organisation": TestWorld.codeA])
            let staff = try await browser.get("/staff")
            let organisations = try await browser.get("/organisations")
            // validate
            #expect(home.status == .ok)
            #expect(home.body.string.contains("Practice Beta"))
            #expect(!home.body.string.contains("Practice Alpha"))
            #expect(organisationA.status == .notFound)
            #expect(switchToA.status == .forbidden)
            #expect(staff.status == .ok)
            #expect(!staff.body.string.contains(TestWorld.markerA))
            #expect(organisations.status == .ok)
            #expect(!organisations.body.string.contains("Practice Alpha"))
            #expect(try await browser.get("/organisations/\(TestWorld.codeB)").status == .ok)
        }
    }

    @Test func endingAnEngagementEndsAccessAtOnce() async throws {
        try await withTestApp { app in
            let world = try await TestWorld.make(on: app)
            var gp = TestBrowser(app)
            try await gp.signIn(world.gpA)
            #expect(try await gp.get("/").status == .ok)
            var manager = TestBrowser(app)
            try await manager.signIn(world.managerA)
            // MUT
            let ended = try await manager.post("/staff/engagements/\(world.engagementAtA)/end")
            // validate
            #expect(ended.status == .seeOther)
            #expect(try await gp.get("/").status == .forbidden)
        }
    }

    @Test func aPersonWithTwoEngagementsSwitchesOrganisation() async throws {
        try await withTestApp { app in
            let world = try await TestWorld.make(on: app)
            let period = try EngagementPeriod(starts: CalendarDay(Date()), ends: nil)
            try await Engagement(personID: world.managerB.id, organisationID: world.practiceA, role: .receptionist, kind: .permanent, period: period).create(on: app.db)
            var browser = TestBrowser(app)
            try await browser.signIn(world.managerB)
            #expect(try await browser.get("/").body.string.contains("data-testid=\"acting-for\">Practice Alpha"))
            let switched = try await browser.post("/acting-for", form: ["organisation": TestWorld.codeB])
            #expect(switched.status == .seeOther)
            let home = try await browser.get("/")
            #expect(home.body.string.contains("data-testid=\"acting-for\">Practice Beta"))
        }
    }
}
