import Domain
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// Fifty wrong guesses sent at once are all counted, none is checked once the lock is in force, and the right answer
/// that follows is refused: passwords, second-factor codes and reply links' dates of birth.
@Suite struct ConcurrentLockoutTests {
    static let guesses = 50

    /// The standard lockout but with a first lock of an hour: the lock must outlast the guesses on a slow machine.
    static func config() -> AppConfig {
        var config = TestDatabase.config()
        config.lockout = LockoutPolicy(freeAttempts: LockoutPolicy.standard.freeAttempts, firstLock: 3600, longestLock: 3600)
        return config
    }

    /// Sends `count` requests at once, each from its own copy of `browser`.
    static func atOnce(
        _ count: Int, _ browser: TestBrowser, _ send: @escaping @Sendable (inout TestBrowser, Int) async throws -> TestingHTTPResponse
    ) async throws -> [HTTPResponseStatus] {
        try await withThrowingTaskGroup(of: HTTPResponseStatus.self) { group in
            for index in 0..<count {
                let copy = browser
                group.addTask {
                    var mine = copy
                    return try await send(&mine, index).status
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
    }

    /// The person's failures and lock from the one client these tests send from.
    static func lock(_ person: UUID, _ app: Application) async throws -> SignInLock? {
        try await SignInLock.query(on: app.db).filter(\.$personID == person).first()
    }

    static func audited(_ action: AuditAction, _ app: Application) async throws -> Int {
        try await AuditEvent.query(on: app.db).filter(\.$action == action.rawValue).count()
    }

    @Test func fiftyWrongPasswordsAtOnceLockTheAccountBeforeTheRightOne() async throws {
        try await withTestApp(config: Self.config()) { app in
            // setup
            let world = try await TestWorld.make(on: app)
            let person = world.gpA
            // MUT
            let statuses = try await Self.atOnce(Self.guesses, TestBrowser(app)) { browser, index in
                try await browser.post("/login", form: ["email": person.email, "password": "wrong guess \(index)"])
            }
            var browser = TestBrowser(app)
            let right = try await browser.post("/login", form: ["email": person.email, "password": person.password])
            // validate
            #expect(statuses.allSatisfy { $0 == .unprocessableEntity }, "answers: \(statuses.map(\.code).sorted())")
            #expect(right.status == .unprocessableEntity && right.headers[.setCookie].allSatisfy { !$0.hasPrefix(SiteCookie.session) })
            let stored = try #require(try await Self.lock(person.id, app))
            #expect(stored.failedAttempts == LockoutPolicy.standard.freeAttempts)
            #expect((stored.lockedUntil ?? .distantPast) > Date())
            #expect(try await Self.audited(.signInFailed, app) == LockoutPolicy.standard.freeAttempts, "only the free attempts were checked")
            #expect(try await Self.audited(.signInLocked, app) == Self.guesses - LockoutPolicy.standard.freeAttempts + 1)
        }
    }

    @Test func fiftyWrongCodesAtOnceLockTheAccountBeforeTheRightOne() async throws {
        try await withTestApp(config: Self.config()) { app in
            // setup: past the password step
            let world = try await TestWorld.make(on: app)
            let person = world.gpA
            var browser = TestBrowser(app)
            let first = try await browser.post("/login", form: ["email": person.email, "password": person.password])
            #expect(first.status == .seeOther)
            let right = person.code()
            let accepted = Set((-2...2).map { person.code(step: $0) })
            let wrongs = (1...1_000).map { String(format: "%06d", (Int(right)! + $0 * 7_919) % 1_000_000) }
                .filter { !accepted.contains($0) }.prefix(Self.guesses).map { $0 }
            // MUT
            let statuses = try await Self.atOnce(Self.guesses, browser) { browser, index in
                try await browser.post("/login/second-factor", form: ["code": wrongs[index]])
            }
            let answer = try await browser.post("/login/second-factor", form: ["code": right])
            // validate
            #expect(statuses.allSatisfy { $0 == .unprocessableEntity }, "answers: \(statuses.map(\.code).sorted())")
            #expect(answer.status == .unprocessableEntity && answer.body.string.contains("Your account is locked"))
            let stored = try #require(try await Self.lock(person.id, app))
            #expect(stored.failedAttempts == LockoutPolicy.standard.freeAttempts)
            #expect(try await Self.audited(.secondFactorFailed, app) == LockoutPolicy.standard.freeAttempts)
            #expect(try await StaffSession.query(on: app.db).filter(\.$secondFactorAt != nil).count() == 0)
        }
    }

    @Test func fiftyWrongDatesOfBirthAtOnceLockTheReplyLinkBeforeTheRightOne() async throws {
        try await withTestApp { app in
            // setup: the patient's date of birth is 31 January 1970
            let world = try await TestWorld.make(on: app)
            let path = SiteURL.replyVerify(token: world.replyTokenA).path
            // MUT
            let statuses = try await Self.atOnce(Self.guesses, TestBrowser(app)) { browser, index in
                try await browser.post(path, form: ["dobDay": "\(1 + index % 28)", "dobMonth": "2", "dobYear": "1971"])
            }
            var browser = TestBrowser(app)
            let right = try await browser.post(path, form: ["dobDay": "31", "dobMonth": "1", "dobYear": "1970"])
            // validate
            let limit = ReplyLinkPolicy.standard.allowedWrongAttempts
            #expect(statuses.filter { $0 == .unprocessableEntity }.count == limit, "only \(limit) dates were checked")
            #expect(statuses.filter { $0 == .gone }.count == Self.guesses - limit)
            #expect(right.status == .gone && right.body.string.contains("This link is locked"))
            #expect(right.headers[.setCookie].allSatisfy { !$0.hasPrefix(PatientReplyController.unlockCookie) })
            let link = try #require(try await ReplyLink.query(on: app.db).first())
            #expect(link.failedAttempts == limit && link.lockedAt != nil && link.unlockDigest == nil)
        }
    }

    @Test func theRightAnswerGivesItsClaimBack() async throws {
        try await withTestApp { app in
            // setup: two wrong dates of birth, then the right one (the third try)
            let world = try await TestWorld.make(on: app)
            let path = SiteURL.replyVerify(token: world.replyTokenA).path
            var browser = TestBrowser(app)
            for day in ["1", "2"] {
                #expect(try await browser.post(path, form: ["dobDay": day, "dobMonth": "2", "dobYear": "1971"]).status == .unprocessableEntity)
            }
            // MUT
            let right = try await browser.post(path, form: ["dobDay": "31", "dobMonth": "1", "dobYear": "1970"])
            // validate: in, and the link is not left locked by the claim of the right answer
            #expect(right.status == .seeOther)
            let link = try #require(try await ReplyLink.query(on: app.db).first())
            #expect(link.failedAttempts == 2 && link.lockedAt == nil && link.unlockDigest != nil)
            // and a right password after four wrong ones signs in, leaving the count at four until the second factor
            var login = TestBrowser(app)
            for _ in 0..<4 { _ = try await login.post("/login", form: ["email": world.gpA.email, "password": "wrong"]) }
            #expect(try await login.post("/login", form: ["email": world.gpA.email, "password": world.gpA.password]).status == .seeOther)
            let lock = try #require(try await Self.lock(world.gpA.id, app))
            #expect(lock.failedAttempts == 4 && lock.lockedUntil == nil)
            #expect(try await login.post("/login/second-factor", form: ["code": world.gpA.code()]).status == .seeOther)
            #expect(try await Self.lock(world.gpA.id, app) == nil, "signed in: the count starts again")
        }
    }
}

/// A lock holds the client that guessed, not the member of staff: someone elsewhere cannot lock them out.
@Suite struct SignInLockPerClientTests {
    @Test func wrongPasswordsFromOnePlaceLockThatPlaceOnly() async throws {
        try await withLiveTestApp(throttle: { _ in }) { app, port in
            // setup: someone at one address guesses until the account is locked for them
            let world = try await TestWorld.make(on: app)
            var guesser = LiveBrowser(port: port, forwardedFor: "203.0.113.9")
            for _ in 0..<LockoutPolicy.standard.freeAttempts {
                _ = try await guesser.post("/login", form: ["email": world.managerA.email, "password": "a wrong guess"])
            }
            // MUT: the guesser with the right password, and the manager from their own address
            let guesserAgain = try await guesser.post("/login", form: ["email": world.managerA.email, "password": TestWorld.password])
            var manager = LiveBrowser(port: port, forwardedFor: "198.51.100.30")
            let signedIn = try await manager.signIn(world.managerA)
            // validate
            #expect(guesserAgain.status == .unprocessableEntity)
            #expect(signedIn.status == .seeOther && signedIn.location == SiteURL.home.path)
            let locks = try await SignInLock.query(on: app.db).filter(\.$personID == world.managerA.id).all()
            #expect(locks.count == 1 && (locks.first?.lockedUntil ?? .distantPast) > Date(), "the guesser's lock stays")
        }
    }
}
