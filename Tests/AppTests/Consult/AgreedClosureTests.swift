import Domain
import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting

@testable import App

/// A working day closed in core hours needs the ICB's agreement: recorded with the reason and who agreed, audited,
/// shown to the commissioner and to patients on the day; the settings of earlier versions are carried over.
@Suite struct AgreedClosureTests {
    /// The next working day at least a week from now, so that the test holds on any day it runs.
    static func aWorkingDayAhead() -> CalendarDay {
        var day = CalendarDay(Date()).adding(days: 7)
        while !CoreHours.isWorkingDay(day, bankHolidays: EnglandBankHolidays()) { day = day.adding(days: 1) }
        return day
    }

    static func form(_ day: CalendarDay, reason: String = "Protected learning time", agreedBy: String = "Dr Asha Patel, ICB primary care lead")
        -> [String: String]
    {
        ["closureDay": day.iso, "closureReason": reason, "closureAgreedBy": agreedBy]
    }

    @Test func aClosureIsRecordedAuditedAndShownToTheCommissionerAndToPatientsOnTheDay() async throws {
        try await withTestApp { app in
            // setup
            let world = try await TestWorld.make(on: app)
            var manager = TestBrowser(app)
            try await manager.signIn(world.managerA)
            let day = Self.aWorkingDayAhead()
            // MUT
            let recorded = try await manager.post(SiteURL.consultClosures.path, form: Self.form(day))
            // validate: stored, audited with who agreed, listed on the settings page
            #expect(recorded.status == .seeOther)
            let stored = try #require(try await AgreedClosureRecord.query(on: app.db).filter(\.$organisationID == world.practiceA).first())
            #expect(stored.day == day && stored.agreedBy == "Dr Asha Patel, ICB primary care lead")
            #expect(stored.recordedByID == world.managerA.id)
            let audit = try #require(
                try await AuditEvent.query(on: app.db).filter(\.$action == AuditAction.closureRecorded.rawValue).first())
            #expect(audit.detail.contains(day.iso) && audit.detail.contains("Dr Asha Patel"))
            let settings = try await manager.get(recorded.location).body.string
            #expect(settings.contains("Closure recorded") && settings.contains(day.displayText))
            // the commissioner sees it on the practice's page
            var commissioner = try await DesktopAdminScopeTests.ownCommissioner(app, world: world)
            let page = try await commissioner.get(SiteURL.organisation(ods: TestWorld.codeA).path).body.string
            #expect(page.contains("Closures in core hours") && page.contains("Protected learning time") && page.contains("Dr Asha Patel"))
            // a patient on that day, 10:00, is told the practice is closed today
            app.now = { PracticeCapacity.typicalPractice.nextOpening(after: day.startOfDay()).addingTimeInterval(2 * 3600) }
            await app.practiceDirectory.forget(code: TestWorld.codeA)
            let patient = try await app.testing().sendRequest(.GET, SiteURL.requestStart(ods: TestWorld.codeA).path).body.string
            #expect(patient.contains("The practice is closed today."))
        }
    }

    @Test(arguments: [
        ("weekend", "not a working day"), ("past", "has passed"), ("noReason", "Say why"), ("noAgreement", "who agreed"),
        ("notADay", "like 2026-12-24"),
    ])
    func aClosureWithoutAgreementOrOnTheWrongDayIsRefused(_ fault: String, _ message: String) async throws {
        try await withTestApp { app in
            let world = try await TestWorld.make(on: app)
            var manager = TestBrowser(app)
            try await manager.signIn(world.managerA)
            var saturday = Self.aWorkingDayAhead()
            while Weekday(saturday) != .saturday { saturday = saturday.adding(days: 1) }
            var past = CalendarDay(Date()).adding(days: -7)
            while !CoreHours.isWorkingDay(past, bankHolidays: EnglandBankHolidays()) { past = past.adding(days: -1) }
            var form = Self.form(Self.aWorkingDayAhead())
            switch fault {
            case "weekend": form = Self.form(saturday)
            case "past": form = Self.form(past)
            case "noReason": form["closureReason"] = " "
            case "noAgreement": form["closureAgreedBy"] = ""
            default: form["closureDay"] = "next Tuesday"
            }
            let response = try await manager.post(SiteURL.consultClosures.path, form: form)
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains(message))
            #expect(try await AgreedClosureRecord.query(on: app.db).count() == 0)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == AuditAction.closureRecorded.rawValue).count() == 0)
        }
    }

    @Test func removingAClosureIsAuditedAndOnlyAManagerMayDoEither() async throws {
        try await withTestApp { app in
            let world = try await TestWorld.make(on: app)
            let day = Self.aWorkingDayAhead()
            var gp = try await TestBrowser.signedIn(app, personID: world.gpA.id)
            #expect(try await gp.post(SiteURL.consultClosures.path, form: Self.form(day)).status == .forbidden)
            var manager = TestBrowser(app)
            try await manager.signIn(world.managerA)
            #expect(try await manager.post(SiteURL.consultClosures.path, form: Self.form(day)).status == .seeOther)
            #expect(try await gp.post(SiteURL.consultClosureRemove.path, form: ["day": day.iso]).status == .forbidden)
            var otherManager = TestBrowser(app)
            try await otherManager.signIn(world.managerB)
            #expect(try await otherManager.post(SiteURL.consultClosureRemove.path, form: ["day": day.iso]).status == .notFound)
            // MUT
            let removed = try await manager.post(SiteURL.consultClosureRemove.path, form: ["day": day.iso])
            // validate
            #expect(removed.status == .seeOther)
            #expect(try await AgreedClosureRecord.query(on: app.db).count() == 0)
            let audit = try #require(try await AuditEvent.query(on: app.db).filter(\.$action == AuditAction.closureRemoved.rawValue).first())
            #expect(audit.detail.contains(day.iso))
        }
    }

    @Test func earlierSettingsLoseTheCapAreWidenedToCoreHoursAndKeepTheirClosedDaysAsUnagreedClosures() async throws {
        try await withTestApp { app in
            // setup: practice A's settings as an earlier version saved them, before this migration ran
            let world = try await TestWorld.make(on: app)
            try await M022CoreHoursFloor().revert(on: app.db)
            let ahead = Self.aWorkingDayAhead()
            let earlier = """
                {"openingHours":{"byWeekday":[1,{"opens":540,"closes":1020},2,{"opens":480,"closes":1110},3,{"opens":420,"closes":1200},\
                4,{"opens":480,"closes":1110},6,{"opens":540,"closes":720}]},"replyPromise":{"workingDays":{"_0":2}},\
                "dailyCap":1,"closedDays":["\(ahead.iso)","2020-01-06"]}
                """
            let settings = try #require(try await ConsultSettings.query(on: app.db).filter(\.$organisationID == world.practiceA).first())
            settings.capacity = earlier
            try await settings.save(on: app.db)
            // MUT
            try await M022CoreHoursFloor().prepare(on: app.db)
            // validate
            let read = try #require(try await ConsultSettings.find(settings.id, on: app.db))
            let capacity = try read.practiceCapacity(bankHolidays: EnglandBankHolidays(), closures: [])
            #expect(CoreHours.shortfall(of: capacity.openingHours).isEmpty)
            #expect(capacity.openingHours[.monday] == CoreHours.hours, "09:00–17:00 widened")
            #expect(capacity.openingHours[.wednesday] == DailyHours(opens: "07:00", closes: "20:00"), "wider kept")
            #expect(capacity.openingHours[.saturday] == DailyHours(opens: "09:00", closes: "12:00"))
            #expect(!read.capacity.contains("dailyCap") && !read.capacity.contains("closedDays"))
            let carried = try await AgreedClosureRecord.query(on: app.db).all()
            #expect(carried.map(\.day) == [ahead], "a closed day to come is carried; one long past is not")
            #expect(carried.first?.agreedBy == M022CoreHoursFloor.agreedByBefore)
        }
    }

    @Test func settingsThatCannotBeReadAreAnErrorNotTheTypicalPracticeAndTheQueueAndTheManagerAreToldHowToMendThem() async throws {
        try await withTestApp { app in
            let world = try await TestWorld.make(on: app)
            let settings = try #require(try await ConsultSettings.query(on: app.db).filter(\.$organisationID == world.practiceA).first())
            settings.capacity = #"{"openingHours":"#
            try await settings.save(on: app.db)
            let response = try await app.testing().sendRequest(.GET, SiteURL.requestStart(ods: TestWorld.codeA).path)
            #expect(response.status == .internalServerError)
            // the manager is told, shown core hours, and saving puts it right
            var manager = TestBrowser(app)
            try await manager.signIn(world.managerA)
            let page = try await manager.get(SiteURL.consultSettings.path)
            #expect(page.status == .ok && page.body.string.contains("could not be read"))
            // the queue still works, and says at the top that patients cannot send requests
            let queue = try await manager.get(SiteURL.consult.path)
            #expect(queue.status == .ok)
            #expect(queue.body.string.contains("data-testid=\"settings-unreadable\""))
            // and, for a manager, links to the activity figures and to how long data is kept
            #expect(queue.body.string.contains("href=\"\(SiteURL.activity.path)\"") && queue.body.string.contains("href=\"\(SiteURL.retention.path)\""))
            #expect(try await manager.post(SiteURL.consultSettings.path, form: ConsultSettingsTests.goodForm).status == .seeOther)
            await app.practiceDirectory.forget(code: TestWorld.codeA)
            #expect(try await app.testing().sendRequest(.GET, SiteURL.requestStart(ods: TestWorld.codeA).path).status == .ok)
            #expect(!(try await manager.get(SiteURL.consult.path).body.string.contains("settings-unreadable")))
        }
    }
}
