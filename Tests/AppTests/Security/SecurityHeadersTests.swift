import Foundation
import Testing
import VaporTesting

@testable import App

/// Every response, errors included, carries the headers that keep a page from being framed, sniffed, cached or made
/// to run a script that is not one of this site's files.
@Suite struct SecurityHeadersTests {
    static func check(_ response: TestingHTTPResponse, _ what: String) {
        let csp = response.headers.first(name: "Content-Security-Policy") ?? ""
        #expect(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline") && csp.contains("frame-ancestors 'none'"), "\(what): \(csp)")
        #expect(response.headers.first(name: "X-Content-Type-Options") == "nosniff", "\(what)")
        #expect(response.headers.first(name: "X-Frame-Options") == "DENY", "\(what)")
        #expect(response.headers.first(name: "Referrer-Policy") == "same-origin", "\(what)")
    }

    @Test func pagesErrorsAndTheAPIAllCarryTheHeaders() async throws {
        try await withTestApp { app in
            // setup
            let world = try await TestWorld.make(on: app)
            var gp = try await TestBrowser.signedIn(app, personID: world.gpA.id)
            var stranger = TestBrowser(app)
            // MUT
            let queue = try await gp.get(SiteURL.triageRequest(id: world.requestA).path)
            let missing = try await stranger.get("/no-such-page")
            let refused = try await stranger.post("/login", form: ["email": "x"], csrf: false)
            let api = try await stranger.get("/api/v1/requests")
            let patient = try await stranger.get(SiteURL.reply(token: world.replyTokenA).path)
            // validate
            for (response, what) in [(queue, "a patient's record"), (missing, "404"), (refused, "CSRF refusal"), (api, "API 401"), (patient, "reply link")] {
                Self.check(response, what)
            }
            #expect(queue.status == .ok && queue.headers.first(name: .cacheControl) == "no-store")
            #expect(patient.headers.first(name: .cacheControl) == "no-store")
            #expect(missing.status == .notFound && api.status == .unauthorized)
            #expect(queue.headers.first(name: "Strict-Transport-Security") == nil, "no HSTS over plain http")
        }
    }

    @Test func httpsDeploymentsAskForHSTS() async throws {
        var config = TestDatabase.config()
        config.publicBaseURL = "https://surgery.example.nhs.uk"
        try await withTestApp(config: config) { app in
            // MUT
            var browser = TestBrowser(app)
            let response = try await browser.get("/login")
            // validate
            #expect(response.headers.first(name: "Strict-Transport-Security")?.contains("max-age=31536000") == true)
            Self.check(response, "login over https")
        }
    }
}
