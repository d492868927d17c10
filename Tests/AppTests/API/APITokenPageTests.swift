import Domain
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// The tokens page makes a token with a scope and a lifetime, shows each token's scope and expiry, and refuses bad
/// input field by field without storing anything.
@Suite struct APITokenPageTests {
    /// Posts the form as a browser does, with one `areas[]` per ticked box.
    static func create(_ browser: inout TestBrowser, name: String?, access: String?, areas: [String], days: String?) async throws
        -> TestingHTTPResponse
    {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        func encoded(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: allowed) ?? "" }
        var fields = ["csrf=\(encoded(browser.formToken))"]
        if let name { fields.append("name=\(encoded(name))") }
        if let access { fields.append("access=\(encoded(access))") }
        fields += areas.map { "areas%5B%5D=\(encoded($0))" }
        if let days { fields.append("lifetimeDays=\(encoded(days))") }
        var headers = HTTPHeaders()
        headers.contentType = .urlEncodedForm
        return try await browser.send(.POST, SiteURL.apiTokens.path, headers: headers, body: ByteBuffer(string: fields.joined(separator: "&")))
    }

    @Test func aTokenIsMadeWithItsScopeAndLifetimeAndThePageShowsExpiry() async throws {
        try await withTestApp { app in
            // setup: besides the fixture's token (90 days), one that expired yesterday
            let world = try await TestWorld.make(on: app)
            _ = try await TestWorld.apiToken("Expired link", organisation: world.practiceA, maker: world.managerA.id, on: app.db, expiresAt: Date().addingTimeInterval(-86_400))
            var browser = TestBrowser(app)
            try await browser.signIn(world.managerA)
            let form = try await browser.get(SiteURL.apiTokens.path)
            let before = Date()
            // MUT
            let response = try await Self.create(&browser, name: "Audit reader", access: "read_only", areas: ["estate", "audit"], days: "30")
            let after = Date()
            // validate
            #expect(form.body.string.contains(#"value="90""#))
            #expect(response.status == .ok)
            let body = response.body.string
            let secret = try #require(body.firstRange(of: /sa_[A-Za-z0-9_-]{43}/).map { String(body[$0]) })
            let token = try #require(try await APIToken.query(on: app.db).filter(\.$tokenDigest == SecretToken.digest(secret)).first())
            #expect(token.name == "Audit reader")
            #expect(token.scope == (try APITokenScope(access: .readOnly, areas: [.audit, .estate])))
            let lifetime = try APITokenLifetime(days: 30)
            #expect((lifetime.expiry(from: before).addingTimeInterval(-1)...lifetime.expiry(from: after).addingTimeInterval(1)).contains(token.expiresAt))
            #expect(body.contains("Read only: Audit trail and Digital estate"))
            #expect(body.contains("Expires \(CalendarDay(token.expiresAt).displayText)"))
            #expect(body.contains("Expires \(CalendarDay(APITokenLifetime.standard.expiry(from: Date())).displayText)"))
            #expect(body.contains("Expired \(CalendarDay(Date().addingTimeInterval(-86_400)).displayText)"))
            #expect(body.contains("Read and write: Organisations and staff, Audit trail, Remote assessment requests and Digital estate"))
            // the new token reads the audit trail and nothing else
            #expect(try await APITokenScopeAppTests.api(app, .GET, "/api/v1/audit-events", token: secret).status == .ok)
            #expect(try await APITokenScopeAppTests.api(app, .GET, "/api/v1/requests", token: secret).status == .forbidden)
            let audit = try #require(try await AuditEvent.query(on: app.db).filter(\.$action == "api_token.created").first())
            #expect(audit.detail.contains("Read only: Audit trail and Digital estate"))
        }
    }

    /// One bad form, the field the message belongs to, and a phrase of the message.
    struct BadForm: Sendable, CustomTestStringConvertible {
        var testDescription: String
        var name: String? = "Clinical system link"
        var access: String? = "read_write"
        var areas: [String] = ["requests"]
        var days: String? = "90"
        var field: String
        var message: String
    }

    static let badForms: [BadForm] = [
        BadForm(testDescription: "no access chosen", access: nil, field: "access", message: "only read, or read and write"),
        BadForm(testDescription: "an unknown access", access: "admin", field: "access", message: "only read, or read and write"),
        BadForm(testDescription: "no area ticked", areas: [], field: "areas", message: "Tick at least one area"),
        BadForm(testDescription: "an area not offered", areas: ["requests", "prescriptions"], field: "areas", message: "Tick only the areas listed"),
        BadForm(testDescription: "no lifetime", days: "", field: "lifetimeDays", message: "how many days"),
        BadForm(testDescription: "a lifetime of 0 days", days: "0", field: "lifetimeDays", message: "from 1 to 365"),
        BadForm(testDescription: "a lifetime of 366 days", days: "366", field: "lifetimeDays", message: "from 1 to 365"),
        BadForm(testDescription: "a lifetime in words", days: "ninety", field: "lifetimeDays", message: "whole number of days"),
        BadForm(testDescription: "no name", name: " ", field: "name", message: "Give the token a name"),
    ]

    @Test(arguments: badForms)
    func badInputGetsAMessageAndStoresNothing(_ row: BadForm) async throws {
        try await withTestApp { app in
            // setup
            let world = try await TestWorld.make(on: app)
            var browser = TestBrowser(app)
            try await browser.signIn(world.managerA)
            let tokensBefore = try await APIToken.query(on: app.db).count()
            let auditBefore = try await AuditEvent.query(on: app.db).filter(\.$action == "api_token.created").count()
            // MUT
            let response = try await Self.create(&browser, name: row.name, access: row.access, areas: row.areas, days: row.days)
            // validate
            #expect(response.status == .unprocessableEntity)
            let body = response.body.string
            #expect(body.contains("There is a problem"))
            #expect(body.contains(row.message), "\(row.testDescription): no '\(row.message)'")
            #expect(body.contains(##"href="#\##(row.field)""##), "the summary links to \(row.field)")
            #expect(!body.contains("data-testid=\"api-token\""))
            #expect(try await APIToken.query(on: app.db).count() == tokensBefore)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "api_token.created").count() == auditBefore)
        }
    }

    @Test func everyBadFieldIsNamedAtOnce() async throws {
        try await withTestApp { app in
            // setup
            let world = try await TestWorld.make(on: app)
            var browser = TestBrowser(app)
            try await browser.signIn(world.managerA)
            // MUT
            let response = try await Self.create(&browser, name: "", access: nil, areas: [], days: "400")
            // validate: each message once, and what was typed kept
            #expect(response.status == .unprocessableEntity)
            for field in ["name", "access", "areas", "lifetimeDays"] {
                #expect(response.body.string.contains(##"href="#\##(field)""##), "no message for \(field)")
            }
            #expect(response.body.string.contains(#"value="400""#))
            #expect(try await APIToken.query(on: app.db).count() == 3)
        }
    }
}
