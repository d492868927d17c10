import Domain
import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting

@testable import App

/// A row holding a value this version does not know fails to load with a `StoredValueError` naming table, row and
/// value, never read as a default; on SQLite and, with TEST_DATABASE_URL, on PostgreSQL.
@Suite struct StoredValueTests {
    /// Writes `value` into `column` of the triage request `id` behind Fluent's back, as an older or newer version might.
    private func store(_ value: String, in column: String, of id: UUID, on app: Application) async throws {
        let sql = try #require(app.db as? any SQLDatabase)
        try await sql.raw("UPDATE triage_requests SET \(ident: column) = \(bind: value) WHERE id = \(bind: id)").run()
    }

    /// The `StoredValueError` loading request `id` throws, or nil when it loads.
    private func loadError(_ id: UUID, on app: Application) async throws -> StoredValueError? {
        do {
            _ = try await TriageRequest.find(id, on: app.db)
            return nil
        } catch let error as StoredValueError {
            return error
        }
    }

    @Test func anUnknownStatusIsAnErrorNamingTableRowAndValue() async throws {
        try await withTestApp { app in
            // setup
            let world = try await TestWorld.make(on: app)
            try await store("archived", in: "status", of: world.requestA, on: app)
            // MUT
            let error = try await loadError(world.requestA, on: app)
            let listed = await #expect(throws: StoredValueError.self) {
                try await TriageRequest.query(on: app.db).filter(\.$practiceID == world.practiceA).all()
            }
            // validate
            let found = try #require(error)
            #expect(found.table == "triage_requests" && found.row == world.requestA)
            #expect(found.column == "status" && found.value == "archived")
            #expect(found.description.contains("triage_requests.status") && found.description.contains(world.requestA.uuidString))
            #expect(listed?.value == "archived")
        }
    }

    @Test func aBadDateOfBirthIsAnErrorNotACrash() async throws {
        try await withTestApp { app in
            // setup: 31 February is no date
            let world = try await TestWorld.make(on: app)
            try await store("1970-02-31", in: "date_of_birth", of: world.requestA, on: app)
            // MUT
            let error = try await loadError(world.requestA, on: app)
            // validate
            let found = try #require(error)
            #expect(found.table == "triage_requests" && found.row == world.requestA)
            #expect(found.column == "date_of_birth" && found.value == "1970-02-31")
        }
    }

    @Test func aPageOverABadRowSaysSoPlainly() async throws {
        try await withTestApp { app in
            // setup
            let world = try await TestWorld.make(on: app)
            try await store("someday", in: "urgency", of: world.requestA, on: app)
            var patient = TestBrowser(app)
            // MUT: the reply link's page loads the request
            let page = try await patient.get(SiteURL.reply(token: world.replyTokenA).path)
            // validate: the site's plain 500 page, with neither the table nor the value shown to the patient
            #expect(page.status == .internalServerError)
            #expect(page.body.string.contains("Sorry, there is a problem with the service"))
            #expect(!page.body.string.contains("triage_requests") && !page.body.string.contains("someday"))
        }
    }

    @Test func aGoodRowRoundTrips() async throws {
        try await withTestApp { app in
            // setup
            let world = try await TestWorld.make(on: app)
            let request = try #require(try await TriageRequest.find(world.requestA, on: app.db))
            request.status = .waitingForPatient
            request.urgency = .soon
            request.dateOfBirth = try #require(CalendarDay(year: 1984, month: 2, day: 29))
            try await request.save(on: app.db)
            // MUT
            let loaded = try #require(try await TriageRequest.find(world.requestA, on: app.db))
            let waiting = try await TriageRequest.query(on: app.db).filter(\.$status == .waitingForPatient).all()
            let stored = try await (app.db as? any SQLDatabase)?
                .raw("SELECT status, urgency, date_of_birth FROM triage_requests WHERE id = \(bind: world.requestA)").first()
            // validate
            #expect(loaded.status == .waitingForPatient && loaded.urgency == .soon && loaded.kind == .medical)
            #expect(loaded.dateOfBirth == CalendarDay(year: 1984, month: 2, day: 29))
            #expect(waiting.map(\.id) == [world.requestA])
            #expect(try stored?.decode(column: "status", as: String.self) == "waitingForPatient")
            #expect(try stored?.decode(column: "urgency", as: String.self) == Urgency.soon.rawValue)
            #expect(try stored?.decode(column: "date_of_birth", as: String.self) == "1984-02-29")
        }
    }

    @Test func anUnknownRoleInAnEngagementIsAnError() async throws {
        try await withTestApp { app in
            // setup
            let world = try await TestWorld.make(on: app)
            let sql = try #require(app.db as? any SQLDatabase)
            try await sql.raw("UPDATE engagements SET role = 'wizard' WHERE id = \(bind: world.engagementAtA)").run()
            // MUT
            let error = await #expect(throws: StoredValueError.self) {
                try await Engagement.find(world.engagementAtA, on: app.db)
            }
            // validate
            #expect(error?.table == "engagements" && error?.row == world.engagementAtA)
            #expect(error?.column == "role" && error?.value == "wizard")
        }
    }

    @Test func anEndedCallWithoutItsOutcomeIsAnError() async throws {
        try await withTestApp { app in
            // setup: each column alone is known, together they make no state
            let world = try await TestWorld.make(on: app)
            let sql = try #require(app.db as? any SQLDatabase)
            try await sql.raw("UPDATE video_consultations SET state = 'ended', outcome = NULL WHERE id = \(bind: world.videoA)").run()
            // MUT
            let error = await #expect(throws: StoredValueError.self) {
                try await VideoConsultation.find(world.videoA, on: app.db)
            }
            // validate
            #expect(error?.table == "video_consultations" && error?.row == world.videoA)
            #expect(error?.column == "state" && error?.value == "ended with outcome none")
        }
    }

    @Test func anUnknownDesktopHostStateIsAnError() async throws {
        try await withTestApp { app in
            // setup
            let world = try await TestWorld.make(on: app)
            let sql = try #require(app.db as? any SQLDatabase)
            try await sql.raw("UPDATE desktop_hosts SET state = 'paused' WHERE id = \(bind: world.desktopHostA)").run()
            // MUT
            let error = await #expect(throws: StoredValueError.self) {
                try await DesktopHost.find(world.desktopHostA, on: app.db)
            }
            // validate
            #expect(error?.table == "desktop_hosts" && error?.row == world.desktopHostA)
            #expect(error?.column == "state" && error?.value == "paused")
        }
    }

    @Test func aBadEngagementDayIsAnErrorNotAnInactiveEngagement() async throws {
        try await withTestApp { app in
            // setup
            let world = try await TestWorld.make(on: app)
            let sql = try #require(app.db as? any SQLDatabase)
            try await sql.raw("UPDATE engagements SET ends_on = '31/12/2026' WHERE id = \(bind: world.engagementAtA)").run()
            // MUT
            let error = await #expect(throws: StoredValueError.self) {
                try await Engagement.find(world.engagementAtA, on: app.db)
            }
            // validate
            #expect(error?.table == "engagements" && error?.row == world.engagementAtA)
            #expect(error?.column == "ends_on" && error?.value == "31/12/2026")
        }
    }

    @Test func anUnknownRedFlagMakesTheListUnreadableNotShorter() async throws {
        try await withTestApp { app in
            // setup: one flag known, one not
            let world = try await TestWorld.make(on: app)
            try await store("chestPain,tingling", in: "red_flags", of: world.requestA, on: app)
            // MUT
            let error = try await loadError(world.requestA, on: app)
            // validate
            let found = try #require(error)
            #expect(found.column == "red_flags" && found.value == "chestPain,tingling" && found.row == world.requestA)
        }
    }

    @Test(arguments: [Int.max, 0])
    func readinessReadStraightFromSQLStillRefusesAnUnknownRole(wholeEstateAbove: Int) async throws {
        try await withTestApp { app in
            // setup: readiness reads engagements by SQL, not through the model, by IN lists or the whole table
            let world = try await TestWorld.make(on: app)
            let sql = try #require(app.db as? any SQLDatabase)
            try await sql.raw("UPDATE engagements SET role = 'wizard' WHERE id = \(bind: world.engagementAtA)").run()
            let practice = try #require(try await Organisation.find(world.practiceA, on: app.db))
            // MUT
            let error = await #expect(throws: StoredValueError.self) {
                try await EstateReadiness.organisations(
                    [practice], on: app.db, today: CalendarDay(Date()), wholeEstateAbove: wholeEstateAbove)
            }
            // validate
            #expect(error?.table == "engagements" && error?.row == world.engagementAtA && error?.value == "wizard")
        }
    }
}
