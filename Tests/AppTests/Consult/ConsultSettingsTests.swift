import Domain
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// A practice manager sets the hours (core hours at least), reply promise, out-of-hours choice and templates; bad
/// values are refused.
@Suite struct ConsultSettingsTests {
    static let goodForm: [String: String] = [
        "hours[1-opens]": "08:00", "hours[1-closes]": "18:30", "hours[2-opens]": "08:00", "hours[2-closes]": "18:30",
        "hours[3-opens]": "07:00", "hours[3-closes]": "20:00", "hours[4-opens]": "08:00", "hours[4-closes]": "18:30",
        "hours[5-opens]": "08:00", "hours[5-closes]": "18:30", "hours[6-opens]": "09:00", "hours[6-closes]": "12:00",
        "replyDays": "1", "acceptWhenClosed": "yes",
    ]

    @Test func aManagerSavesTheSettingsAndTheyShapeTheReplyPromise() async throws {
        try await withTestApp { app in
            let world = try await TestWorld.make(on: app)
            var manager = TestBrowser(app)
            try await manager.signIn(world.managerA)
            let saved = try await manager.post("/consult/settings", form: Self.goodForm)
            #expect(saved.status == .seeOther)
            let settings = try #require(try await ConsultSettings.query(on: app.db).filter(\.$organisationID == world.practiceA).first())
            let capacity = try settings.practiceCapacity(bankHolidays: EnglandBankHolidays(), closures: [])
            #expect(capacity.openingHours[.wednesday] == DailyHours(opens: "07:00", closes: "20:00"))
            #expect(capacity.openingHours[.saturday] == DailyHours(opens: "09:00", closes: "12:00"))
            #expect(capacity.openingHours[.sunday] == nil)
            #expect(capacity.replyPromise == .workingDays(1))
            #expect(settings.acceptWhenClosed)
            let page = try await manager.get("/consult/settings")
            #expect(page.body.string.contains("value=\"20:00\""))
            #expect(!page.body.string.contains("dailyCap"), "there is no cap to set")
        }
    }

    @Test(arguments: [
        (["hours[1-opens]": "18:00", "hours[1-closes]": "08:00"], "Monday"),
        (["hours[2-opens]": "8am"], "Tuesday"),
        (["hours[3-opens]": "08:00", "hours[3-closes]": "13:00"], "Wednesday: the form must be open at least 08:00 to 18:30"),
        (["hours[5-opens]": "", "hours[5-closes]": ""], "Friday: the form must be open at least 08:00 to 18:30"),
        (["hours[1-opens]": "08:30"], "Monday: the form must be open at least 08:00 to 18:30"),
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
