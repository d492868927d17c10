import Domain
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// The duty clinician hears of an urgent request left unclaimed, of a promise about to break, and of an urgent request
/// sent while the practice is closed (which goes to the out-of-hours provider when the practice names one).
@Suite struct DutyAlertTests {
    /// A request to `practice` (urgent unless told), received at `received`.
    static func request(
        _ app: Application, practice: UUID, reference: String, received: Date, replyBy: Date, urgency: Urgency = .today,
        redFlagged: Bool = false, whileClosed: Bool = false
    ) async throws -> TriageRequest {
        let request = TriageRequest()
        request.reference = reference
        request.submissionKey = SecretToken.generate()
        request.kind = .medical
        request.description = "Secret-Symptom description"
        request.redFlags = StoredList(redFlagged ? [RedFlag.chestPain] : [])
        request.redFlagged = redFlagged
        request.subject = .me
        request.urgency = urgency
        request.priority = TriageRequest.priority(redFlagged: redFlagged, urgency: urgency)
        request.status = .new
        request.receivedAt = received
        request.replyBy = replyBy
        request.receivedWhileClosed = whileClosed
        request.givenName = "Nadia"
        request.familyName = "Secret-Surname"
        request.dateOfBirth = CalendarDay(year: 1980, month: 5, day: 1)!
        request.contactPreference = .sms
        request.mobile = "+447700900001"
        request.practiceID = practice
        request.handlerID = practice
        try await request.create(on: app.db)
        return request
    }

    /// Ten o'clock on the next working day: a moment the typical practice is open, after every test engagement began.
    static var workingMorning: Date {
        PracticeCapacity.typicalPractice.nextOpening(after: Date()).addingTimeInterval(2 * 3600)
    }

    /// Noon on the next Saturday.
    static var saturdayNoon: Date {
        var day = CalendarDay(Date()).adding(days: 1)
        while Weekday(day) != .saturday { day = day.adding(days: 1) }
        return day.startOfDay().addingTimeInterval(12 * 3600)
    }

    /// The test world with its own request promised a month away, so that only this test's requests are alerted.
    static func world(_ app: Application) async throws -> TestWorld {
        let world = try await TestWorld.make(on: app)
        let request = try #require(try await TriageRequest.find(world.requestA, on: app.db))
        request.replyBy = Date().addingTimeInterval(30 * 86400)
        try await request.save(on: app.db)
        return world
    }

    static func nameDutyClinician(_ app: Application, practice: UUID, clinician: UUID?, minutes: Int = 30, provider: UUID? = nil) async throws {
        let settings = try #require(try await ConsultSettings.query(on: app.db).filter(\.$organisationID == practice).first())
        settings.dutyClinicianID = clinician
        settings.dutyAlertMinutes = minutes
        settings.outOfHoursProviderID = provider
        try await settings.save(on: app.db)
        let code = try #require(try await Organisation.find(practice, on: app.db)).odsCode
        await app.practiceDirectory.forget(code: code)
    }

    @Test func anUnclaimedUrgentRequestAlertsTheDutyClinicianOnceByEmailAndOnTheQueue() async throws {
        let standIn = NotifyTransportTests.StandIn()
        let (notify, port) = try await NotifyTransportTests.startStandIn(standIn)
        try await NotifyTransportTests.using(notify) {
            try await withTestApp(config: try NotifyTransportTests.config(port: port)) { app in
                // setup
                let world = try await Self.world(app)
                try await Self.nameDutyClinician(app, practice: world.practiceA, clinician: world.gpA.id)
                let received = Self.workingMorning
                let close = try #require(PracticeCapacity.typicalPractice.hours(on: CalendarDay(received)))
                let replyBy = CalendarDay(received).startOfDay().addingTimeInterval(Double(close.closes * 60))
                let urgent = try await Self.request(app, practice: world.practiceA, reference: "RQ-DUTY01", received: received, replyBy: replyBy)
                try await app.events.waitUntilListening()
                let events = await app.events.subscribe(topic: QueueEvent.topic(world.practiceA))
                let check = DutyAlertCheck(app: app)
                // MUT + validate: not yet at 29 minutes
                #expect(try await check.run(now: received.addingTimeInterval(29 * 60)).isEmpty)
                let at31 = received.addingTimeInterval(31 * 60)
                let made = try await check.run(now: at31)
                #expect(made.map(\.reason) == [.unclaimedUrgent])
                #expect(made.first?.requestID == urgent.id)
                // once only
                #expect(try await check.run(now: at31.addingTimeInterval(60)).isEmpty)
                // the email went through Notify to the duty clinician, without the patient or what they wrote
                let calls = standIn.lock.withLock { standIn.received }
                #expect(calls.count == 1)
                #expect(calls.first?.path == "/v2/notifications/email")
                #expect(calls.first?.body["email_address"] as? String == world.gpA.email)
                #expect(calls.first?.body["template_id"] as? String == "staff-email-template", "the staff template, not the patients'")
                let body = (calls.first?.body["personalisation"] as? [String: String])?["body"] ?? ""
                #expect(body.contains("RQ-DUTY01") && body.contains("Practice Alpha") && body.contains("31 minutes"))
                #expect(body.contains("/consult/requests/\(urgent.id!.uuidString)"))
                #expect(!body.contains("Secret-"))
                let stored = try #require(try await DutyAlert.query(on: app.db).first())
                #expect(stored.emailStatus == .sent && stored.transport == "notify")
                // a live event for the queue, and an audit row
                let event = try await withTimeout(seconds: 10) {
                    var iterator = events.makeAsyncIterator()
                    return await iterator.next()
                }
                #expect(event?.body == urgent.id?.uuidString)
                let audit = try await AuditEvent.query(on: app.db).filter(\.$action == AuditAction.dutyAlerted.rawValue).all()
                #expect(audit.map(\.recordID) == ["RQ-DUTY01"])
                // the queue and the duty alerts page show it
                app.now = { at31 }
                var gp = TestBrowser(app)
                try await gp.signIn(world.gpA)
                let queue = try await gp.get("/consult").body.string
                #expect(queue.contains("Duty alert: "))
                #expect(queue.contains("Urgent and not yet claimed"))
                let page = try await gp.get("/consult/duty-alerts").body.string
                #expect(page.contains("RQ-DUTY01") && page.contains("Sent to \(world.gpA.email)"))
                // about to break: half an hour before the close, a second reason; once claimed, only that one shows
                let late = replyBy.addingTimeInterval(-30 * 60)
                #expect(try await check.run(now: late).map(\.reason) == [.promiseDueSoon])
                urgent.assigneeID = world.gpA.id
                urgent.status = .inTriage
                try await urgent.save(on: app.db)
                let current = try await CurrentDutyAlert.find(handlerID: world.practiceA, now: late, on: app.db)
                #expect(current.map(\.alert.reason) == [.promiseDueSoon])
            }
        }
    }

    @Test func withoutADutyClinicianTheAlertStillShowsAndNobodyIsEmailed() async throws {
        try await withTestApp { app in
            let world = try await Self.world(app)
            let received = Self.workingMorning
            _ = try await Self.request(
                app, practice: world.practiceA, reference: "RQ-DUTY02", received: received, replyBy: received.addingTimeInterval(8 * 3600),
                urgency: .routine, redFlagged: true)
            let made = try await DutyAlertCheck(app: app).run(now: received.addingTimeInterval(45 * 60))
            #expect(made.map(\.reason) == [.unclaimedUrgent])
            #expect(made.first?.emailStatus == .noClinician)
            #expect(try await CurrentDutyAlert.find(handlerID: world.practiceA, now: received, on: app.db).count == 1)
        }
    }

    @Test func anUrgentRequestSentWhileClosedGoesToTheNamedOutOfHoursProvider() async throws {
        try await withTestApp { app in
            // setup: an out-of-hours service, open all week, working for practice A
            let world = try await Self.world(app)
            let ooh = Organisation(odsCode: "NLO99", name: "Test Out of Hours", kind: .outOfHours, parentID: world.commissioner)
            try await ooh.create(on: app.db)
            let always = try EngagementPeriod(starts: CalendarDay(Date()).adding(days: -10), ends: nil)
            try await SharingAgreement(providerID: try ooh.requireID(), practiceID: world.practiceA, period: always, purpose: "Out-of-hours cover").create(on: app.db)
            let allDay = DailyHours(opens: 0, closes: 24 * 60)!
            let everyDay = OpeningHours(byWeekday: Dictionary(uniqueKeysWithValues: Weekday.allCases.map { ($0, allDay) }))
            let oohCapacity = PracticeCapacity(openingHours: everyDay, replyPromise: .workingDays(1))
            try await ConsultSettings(organisationID: try ooh.requireID(), capacity: oohCapacity).create(on: app.db)
            try await Self.nameDutyClinician(app, practice: world.practiceA, clinician: world.gpA.id, provider: try ooh.requireID())
            let saturday = Self.saturdayNoon
            let flagged = try await Self.request(
                app, practice: world.practiceA, reference: "RQ-OOH001", received: saturday, replyBy: saturday.addingTimeInterval(3 * 86400),
                redFlagged: true, whileClosed: true)
            // MUT
            try await OutOfHoursRouting.afterIntake(flagged, app: app, now: saturday)
            // validate: with the provider, promised by the close of its day (midnight), audited; nobody alerted
            let stored = try #require(try await TriageRequest.find(flagged.id, on: app.db))
            #expect(stored.handlerID == ooh.id)
            #expect(stored.replyBy == CalendarDay(saturday).adding(days: 1).startOfDay())
            let audit = try await AuditEvent.query(on: app.db).filter(\.$action == AuditAction.routedOutOfHours.rawValue).all()
            #expect(audit.count == 1 && audit.first?.detail.contains("NLO99") == true)
            #expect(try await DutyAlert.query(on: app.db).count() == 0)
            // sent again, nothing changes
            try await OutOfHoursRouting.afterIntake(stored, app: app, now: saturday)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == AuditAction.routedOutOfHours.rawValue).count() == 1)
        }
    }

    @Test func withoutAProviderTheDutyClinicianIsAlertedAtOnce() async throws {
        try await withTestApp { app in
            let world = try await Self.world(app)
            try await Self.nameDutyClinician(app, practice: world.practiceA, clinician: world.gpA.id)
            let saturday = Self.saturdayNoon
            let urgent = try await Self.request(
                app, practice: world.practiceA, reference: "RQ-OOH002", received: saturday, replyBy: saturday.addingTimeInterval(3 * 86400),
                whileClosed: true)
            // MUT
            try await OutOfHoursRouting.afterIntake(urgent, app: app, now: saturday)
            // validate: still the practice's, and its duty clinician emailed at once through the outbox
            #expect(try await TriageRequest.find(urgent.id, on: app.db)?.handlerID == world.practiceA)
            let alert = try #require(try await DutyAlert.query(on: app.db).first())
            #expect(alert.reason == .urgentWhileClosed)
            #expect(alert.emailStatus == .sent && alert.transport == "outbox" && alert.recipient == world.gpA.email)
            var manager = TestBrowser(app)
            try await manager.signIn(world.managerA)
            let outbox = try await manager.get("/consult/outbox").body.string
            #expect(outbox.contains("Emails to staff") && outbox.contains("RQ-OOH002"))
        }
    }

    @Test func aManagerNamesTheDutyClinicianAndTheProvider() async throws {
        try await withTestApp { app in
            let world = try await Self.world(app)
            var manager = TestBrowser(app)
            try await manager.signIn(world.managerA)
            var form = ConsultSettingsTests.goodForm
            form["dutyClinician"] = world.gpA.id.uuidString
            form["dutyAlertMinutes"] = "15"
            // MUT + validate
            #expect(try await manager.post("/consult/settings", form: form).status == .seeOther)
            let settings = try #require(try await ConsultSettings.query(on: app.db).filter(\.$organisationID == world.practiceA).first())
            #expect(settings.dutyClinicianID == world.gpA.id && settings.dutyAlertMinutes == 15 && settings.outOfHoursProviderID == nil)
            // a locum whose engagement here ended, nought minutes, a service with no agreement: refused, nothing changed
            for (field, value, message) in [
                ("dutyClinician", world.locum.id.uuidString, "Choose a clinician who works here today"),
                ("dutyAlertMinutes", "0", "from 1 to 240"),
                ("outOfHoursProvider", world.practiceB.uuidString, "Choose a service that works for this practice today"),
            ] {
                var bad = form
                bad[field] = value
                let refused = try await manager.post("/consult/settings", form: bad)
                #expect(refused.status == .unprocessableEntity)
                #expect(refused.body.string.contains(message))
            }
            #expect(try await ConsultSettings.query(on: app.db).filter(\.$organisationID == world.practiceA).first()?.dutyAlertMinutes == 15)
        }
    }
}
