import Domain
import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting

@testable import App

/// A token stops at its expiry and when its maker's last engagement at its organisation ends; tokens older than
/// scopes get every area for 90 days.
@Suite struct APITokenLifetimeAppTests {
    typealias API = APITokenScopeAppTests

    @Test func anExpiredTokenIsRefusedWithWhenAndWhatToDo() async throws {
        try await withTestApp { app in
            // setup
            let world = try await TestWorld.make(on: app)
            let expiredAt = Date().addingTimeInterval(-60)
            let expired = try await TestWorld.apiToken("Old link", organisation: world.practiceA, maker: world.managerA.id, on: app.db, expiresAt: expiredAt)
            let live = try await TestWorld.apiToken("New link", organisation: world.practiceA, maker: world.managerA.id, on: app.db, expiresAt: Date().addingTimeInterval(3600))
            // MUT
            let refused = try await API.api(app, .GET, "/api/v1/organisation", token: expired.secret)
            let write = try await API.api(app, .PATCH, "/api/v1/requests/\(world.requestA)", token: expired.secret, json: #"{"urgency": "today"}"#)
            let accepted = try await API.api(app, .GET, "/api/v1/organisation", token: live.secret)
            // validate
            #expect(refused.status == .unauthorized)
            let detail = try API.problem(refused).detail
            #expect(detail.contains("expired at \(APITokenExpiry(expiredAt).momentText)"))
            #expect(detail.contains("make a new one"))
            #expect(refused.headers.first(name: .wwwAuthenticate)?.contains("invalid_token") == true)
            #expect(write.status == .unauthorized)
            #expect(try await TriageRequest.find(world.requestA, on: app.db)?.urgency == Urgency.routine)
            #expect(try await APIToken.find(expired.id, on: app.db)?.lastUsedAt == nil)
            #expect(accepted.status == .ok)
        }
    }

    @Test func aTokenStopsWhenItsMakersLastEngagementThereEnds() async throws {
        try await withTestApp { app in
            // setup: a second practice manager at A makes a token; the locum's engagement at A ended yesterday
            let world = try await TestWorld.make(on: app)
            let penny = Person(name: "Penny Manager-Two", email: "penny@a.test")
            try await penny.create(on: app.db)
            let today = CalendarDay(Date())
            let pennyAtA = Engagement(
                personID: try penny.requireID(), organisationID: world.practiceA, role: .practiceManager, kind: .permanent,
                period: try EngagementPeriod(starts: today.adding(days: -100), ends: nil))
            try await pennyAtA.create(on: app.db)
            let pennys = try await TestWorld.apiToken("Penny's link", organisation: world.practiceA, maker: try penny.requireID(), on: app.db)
            let locumAtA = try await TestWorld.apiToken("Locum's link at A", organisation: world.practiceA, maker: world.locum.id, on: app.db)
            let locumAtB = try await TestWorld.apiToken("Locum's link at B", organisation: world.practiceB, maker: world.locum.id, on: app.db)
            let before = try await API.api(app, .GET, "/api/v1/engagements", token: pennys.secret)
            var manager = TestBrowser(app)
            try await manager.signIn(world.managerA)
            // MUT: A's manager ends Penny's engagement on the staff page
            let ended = try await manager.post(SiteURL.engagementEnd(id: try pennyAtA.requireID()).path)
            let after = try await API.api(app, .GET, "/api/v1/engagements", token: pennys.secret)
            // validate
            #expect(before.status == .ok)
            #expect(ended.status == .seeOther)
            #expect(after.status == .unauthorized)
            #expect(try API.problem(after).detail.contains("no active engagement at Practice Alpha"))
            let locumA = try await API.api(app, .GET, "/api/v1/organisation", token: locumAtA.secret)
            #expect(locumA.status == .unauthorized)
            #expect(try await API.api(app, .GET, "/api/v1/organisation", token: locumAtB.secret).status == .ok)
            #expect(try await API.api(app, .GET, "/api/v1/organisation", token: world.apiTokenA.secret).status == .ok)
            let page = try await manager.get(SiteURL.apiTokens.path)
            #expect(page.body.string.contains("Stopped: its maker is no longer engaged here"))
        }
    }

    @Test func aMakerWithAnotherActiveEngagementThereKeepsTheTokenWorking() async throws {
        try await withTestApp { app in
            // setup: A's manager also had a locum GP engagement at A that ended last month
            let world = try await TestWorld.make(on: app)
            let today = CalendarDay(Date())
            try await Engagement(
                personID: world.managerA.id, organisationID: world.practiceA, role: .gp, kind: .locum,
                period: try EngagementPeriod(starts: today.adding(days: -90), ends: today.adding(days: -30))
            ).create(on: app.db)
            // MUT
            let response = try await API.api(app, .GET, "/api/v1/organisation", token: world.apiTokenA.secret)
            // validate
            #expect(response.status == .ok)
        }
    }

    /// Runs every migration but 020, stores a token as 009 made them, then runs 020.
    @Test func tokensOlderThanScopesGetEveryAreaForNinetyDays() async throws {
        let config = TestDatabase.config()
        let app = try await makeTestApp(config: config, migrate: false)
        do {
            // setup
            for migration in Migrations.all where !(migration is M020ScopeAndExpireAPITokens) {
                try await migration.prepare(on: app.db).get()
            }
            let organisation = Organisation(odsCode: "A81001", name: "Practice Alpha", kind: .practice)
            try await organisation.create(on: app.db)
            let maker = Person(name: "Mary Manager-A", email: "mary@a.test")
            try await maker.create(on: app.db)
            let tokenID = UUID()
            let sql = try #require(app.db as? any SQLDatabase)
            try await sql.insert(into: APIToken.schema)
                .columns("id", "organisation_id", "created_by_id", "name", "token_digest", "created_at")
                .values(SQLBind(tokenID), SQLBind(try organisation.requireID()), SQLBind(try maker.requireID()), SQLBind("Old link"),
                        SQLBind(SecretToken.digest("sa_old")), SQLBind(Date().addingTimeInterval(-86_400 * 400)))
                .run()
            let before = Date()
            // MUT
            try await M020ScopeAndExpireAPITokens().prepare(on: app.db)
            let after = Date()
            // validate
            let token = try #require(try await APIToken.find(tokenID, on: app.db))
            #expect(token.scope == .everything)
            let lifetime = APITokenLifetime.standard
            #expect((lifetime.expiry(from: before).addingTimeInterval(-1)...lifetime.expiry(from: after).addingTimeInterval(1)).contains(token.expiresAt))
            try await dropTestApp(app, config: config)
        } catch {
            try? await dropTestApp(app, config: config)
            throw error
        }
    }
}
