import Domain
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// Sign-in with password and TOTP through the real pages: replay, lockout, sessions.
@Suite struct SignInTests {
    @Test func passwordAndCodeReachTheHomePage() async throws {
        try await withTestApp { app in
            // setup
            let world = try await TestWorld.make(on: app)
            var browser = TestBrowser(app)
            // MUT
            let response = try await browser.signIn(world.managerA)
            // validate
            #expect(response.status == .seeOther)
            #expect(response.location == "/")
            let home = try await browser.get("/")
            #expect(home.status == .ok)
            #expect(home.body.string.contains("Practice Alpha"))
            #expect(home.headers[.setCookie].isEmpty || !home.body.string.isEmpty)
        }
    }

    @Test func aReplayedCodeIsRefused() async throws {
        try await withTestApp { app in
            // setup
            let world = try await TestWorld.make(on: app)
            var first = TestBrowser(app)
            _ = try await first.post("/login", form: ["email": world.managerA.email, "password": TestWorld.password])
            // read after the password step, which on a loaded machine may wait longer than a code lives
            let code = world.managerA.code()
            #expect(try await first.post("/login/second-factor", form: ["code": code]).status == .seeOther)
            var second = TestBrowser(app)
            _ = try await second.post("/login", form: ["email": world.managerA.email, "password": TestWorld.password])
            // MUT: the very same code again
            let replay = try await second.post("/login/second-factor", form: ["code": code])
            // validate
            #expect(replay.status == .unprocessableEntity)
            #expect(replay.body.string.contains("used already"))
            #expect(try await second.get("/").status == .seeOther)
            let audit = try await AuditEvent.query(on: app.db).filter(\.$action == AuditAction.secondFactorFailed.rawValue).count()
            #expect(audit == 1)
            // a later code still works
            let later = try await second.post("/login/second-factor", form: ["code": world.managerA.code(step: 1)])
            #expect(later.status == .seeOther)
        }
    }

    @Test func theTOTPSecretIsSealedAtRest() async throws {
        try await withTestApp { app in
            let world = try await TestWorld.make(on: app)
            let stored = try #require(try await Person.find(world.managerA.id, on: app.db)?.totpSecret)
            #expect(!stored.contains(world.managerA.secret))
            #expect(stored.hasPrefix("v1:"))
        }
    }

    @Test func theSessionCookieIsHttpOnlyAndLax() async throws {
        try await withTestApp { app in
            let world = try await TestWorld.make(on: app)
            var browser = TestBrowser(app)
            let response = try await browser.post("/login", form: ["email": world.managerA.email, "password": TestWorld.password])
            let cookie = response.headers[.setCookie].first { $0.hasPrefix(SiteCookie.session) } ?? ""
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Lax"))
        }
    }

    @Test func repeatedWrongPasswordsLockTheAccountAndAreAudited() async throws {
        try await withTestApp { app in
            // setup
            let world = try await TestWorld.make(on: app)
            var browser = TestBrowser(app)
            // MUT
            var last = ""
            for _ in 1...LockoutPolicy.standard.freeAttempts {
                let response = try await browser.post("/login", form: ["email": world.managerA.email, "password": "wrong password entirely"])
                #expect(response.status == .unprocessableEntity)
                last = response.body.string
            }
            let withRightPassword = try await browser.post("/login", form: ["email": world.managerA.email, "password": TestWorld.password])
            // validate
            #expect(last.contains("locked"))
            #expect(withRightPassword.status == .unprocessableEntity)
            #expect(withRightPassword.body.string.contains("locked"))
            let failures = try await AuditEvent.query(on: app.db).filter(\.$action == AuditAction.signInFailed.rawValue)
                .filter(\.$recordID == world.managerA.id.uuidString).all()
            #expect(failures.count == LockoutPolicy.standard.freeAttempts)
            #expect(failures.last?.detail.contains("locked") == true)
            let locked = try await AuditEvent.query(on: app.db).filter(\.$action == AuditAction.signInLocked.rawValue).count()
            #expect(locked == 1)
        }
    }

    @Test func signingOutEverywhereEndsEverySession() async throws {
        try await withTestApp { app in
            let world = try await TestWorld.make(on: app)
            var phone = TestBrowser(app)
            try await phone.signIn(world.managerA)
            var laptop = TestBrowser(app)
            try await laptop.signIn(world.managerA, step: 1)
            #expect(try await phone.get("/").status == .ok)
            // MUT
            let out = try await laptop.post("/logout/everywhere")
            // validate
            #expect(out.status == .seeOther)
            #expect(try await phone.get("/").status == .seeOther)
            #expect(try await laptop.get("/").status == .seeOther)
        }
    }

    @Test func anIdleSessionEnds() async throws {
        var config = TestDatabase.config()
        config.sessionIdle = 60
        try await withTestApp(config: config) { app in
            let world = try await TestWorld.make(on: app)
            var browser = TestBrowser(app)
            try await browser.signIn(world.managerA)
            // setup: the session was last seen two minutes ago
            let session = try #require(try await StaffSession.query(on: app.db).first())
            session.lastSeenAt = Date().addingTimeInterval(-120)
            try await session.save(on: app.db)
            // MUT / validate
            let response = try await browser.get("/")
            #expect(response.status == .seeOther)
            #expect(response.location.hasPrefix("/login"))
        }
    }

    @Test func aFormWithoutTheCSRFTokenIsRefused() async throws {
        try await withTestApp { app in
            let world = try await TestWorld.make(on: app)
            var browser = TestBrowser(app)
            let response = try await browser.post("/login", form: ["email": world.managerA.email, "password": TestWorld.password], csrf: false)
            #expect(response.status == .forbidden)
            #expect(try await StaffSession.query(on: app.db).count() == 0)
        }
    }
}

/// Sessions that ended by time are swept away even if never presented again.
@Suite struct SessionSweepTests {
    @Test func oldSessionsAreSwept() async throws {
        try await withTestApp { app in
            let world = try await TestWorld.make(on: app)
            var browser = TestBrowser(app)
            try await browser.signIn(world.managerA)
            var other = TestBrowser(app)
            try await other.signIn(world.gpA)
            let stale = try #require(try await StaffSession.query(on: app.db).filter(\.$person.$id == world.gpA.id).first())
            stale.lastSeenAt = Date().addingTimeInterval(-app.appConfig.sessionIdle - 60)
            try await stale.save(on: app.db)
            try await SessionSweeper.sweep(on: app.db, config: app.appConfig, now: Date())
            #expect(try await StaffSession.query(on: app.db).count() == 1)
        }
    }
}
