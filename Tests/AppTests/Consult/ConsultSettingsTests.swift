import Domain
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// A practice manager sets the hours, closed days, cap, reply promise and templates; bad values are refused.
@Suite struct ConsultSettingsTests {
    static let goodForm: [String: String] = [
        "hours[1-opens]": "08:00", "hours[1-closes]": "18:30", "hours[3-opens]": "08:00", "hours[3-closes]": "13:00",
        "closedDays": "2026-12-25\n2026-12-28", "dailyCap": "40", "replyDays": "1", "acceptWhenClosed": "yes",
    ]

    @Test func aManagerSavesTheSettingsAndTheyShapeTheReplyPromise() async throws {
        try await withTestApp { app in
            let world = try await TestWorld.make(on: app)
            var manager = TestBrowser(app)
            try await manager.signIn(world.managerA)
            let saved = try await manager.post("/consult/settings", form: Self.goodForm)
            #expect(saved.status == .seeOther)
            let settings = try #require(try await ConsultSettings.query(on: app.db).filter(\.$organisationID == world.practiceA).first())
            let capacity = settings.practiceCapacity
            #expect(capacity.openingHours[.wednesday] == DailyHours(opens: "08:00", closes: "13:00"))
            #expect(capacity.openingHours[.tuesday] == nil)
            #expect(capacity.dailyCap == 40)
            #expect(capacity.closedDays.contains(CalendarDay("2026-12-25")!))
            #expect(capacity.replyPromise == .workingDays(1))
            #expect(settings.acceptWhenClosed)
            let page = try await manager.get("/consult/settings")
            #expect(page.body.string.contains("value=\"13:00\""))
        }
    }

    @Test(arguments: [
        (["hours[1-opens]": "18:00", "hours[1-closes]": "08:00"], "Monday"),
        (["hours[2-opens]": "8am"], "Tuesday"),
        (["closedDays": "Christmas"], "Christmas"),
        (["dailyCap": "-3"], "daily cap"),
        (["replyDays": "30"], "1 to 10 working days"),
    ])
    func badSettingsAreRefusedAndNothingChanges(_ change: [String: String], _ message: String) async throws {
        try await withTestApp { app in
            let world = try await TestWorld.make(on: app)
            var manager = TestBrowser(app)
            try await manager.signIn(world.managerA)
            let before = try await ConsultSettings.query(on: app.db).filter(\.$organisationID == world.practiceA).first()?.capacity
            let response = try await manager.post("/consult/settings", form: Self.goodForm.merging(change) { $1 })
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains(message))
            #expect(try await ConsultSettings.query(on: app.db).filter(\.$organisationID == world.practiceA).first()?.capacity == before)
        }
    }

    @Test func templatesWithUnknownPlaceholdersAreRefused() async throws {
        try await withTestApp { app in
            let world = try await TestWorld.make(on: app)
            var manager = TestBrowser(app)
            try await manager.signIn(world.managerA)
            let bad = try await manager.post("/consult/settings/templates", form: ["name": "Results", "body": "Hello ((first name)), your ((result))"])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("Unknown placeholder"))
            let good = try await manager.post("/consult/settings/templates", form: ["name": "Results", "body": "Hello ((name)), your results are normal."])
            #expect(good.status == .seeOther)
            #expect(try await MessageTemplateRecord.query(on: app.db).filter(\.$organisationID == world.practiceA).count() == 1)
        }
    }

    @Test func aPracticeWithoutSettingsShowsTheTypicalOnes() async throws {
        try await withTestApp { app in
            let world = try await TestWorld.make(on: app)
            try await ConsultSettings.query(on: app.db).filter(\.$organisationID == world.practiceA).delete()
            var manager = TestBrowser(app)
            try await manager.signIn(world.managerA)
            let page = try await manager.get("/consult/settings")
            #expect(page.status == .ok)
            #expect(page.body.string.contains("value=\"18:30\""))
            #expect(try await manager.post("/consult/settings", form: Self.goodForm).status == .seeOther)
            #expect(try await ConsultSettings.query(on: app.db).filter(\.$organisationID == world.practiceA).count() == 1)
        }
    }

    @Test func onlyAManagerChangesThem() async throws {
        try await withTestApp { app in
            let world = try await TestWorld.make(on: app)
            var gp = TestBrowser(app)
            try await gp.signIn(world.gpA)
            #expect(try await gp.get("/consult/settings").status == .forbidden)
            #expect(try await gp.post("/consult/settings", form: Self.goodForm).status == .forbidden)
        }
    }
}
