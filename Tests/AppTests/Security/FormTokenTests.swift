import Domain
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// The form token (double-submit CSRF cookie) is issued anew at sign-in and bound to the session: a token planted in
/// the browser before or after sign-in does not let a form through.
@Suite struct FormTokenTests {
    @Test func signingInIssuesANewFormToken() async throws {
        try await withTestApp { app in
            // setup
            let world = try await TestWorld.make(on: app)
            var browser = TestBrowser(app)
            let before = browser.formToken
            // MUT
            let first = try await browser.post("/login", form: ["email": world.gpA.email, "password": world.gpA.password])
            let afterPassword = browser.formToken
            let second = try await browser.post("/login/second-factor", form: ["code": world.gpA.code()])
            // validate
            #expect(first.status == .seeOther && second.status == .seeOther)
            #expect(afterPassword != before && browser.formToken != afterPassword && browser.formToken != before)
            #expect(try await browser.get(SiteURL.home.path).body.string.contains(browser.formToken), "pages carry the new token")
        }
    }

    @Test func aPlantedTokenDoesNotLetAFormThrough() async throws {
        try await withTestApp { app in
            // setup: signed in; then someone plants a token of their own as cookie and field
            let world = try await TestWorld.make(on: app)
            var browser = TestBrowser(app)
            try await browser.signIn(world.gpA)
            browser.cookies[SiteCookie.csrf] = "planted-token-0123456789abcdef"
            // MUT
            let response = try await browser.post(SiteURL.logoutEverywhere.path)
            // validate
            #expect(response.status == .forbidden)
            #expect(try await StaffSession.query(on: app.db).filter(\.$person.$id == world.gpA.id).count() == 1)
        }
    }
}
