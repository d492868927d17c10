import Domain
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import App

/// Both sign-in steps are throttled per client address and per account.
@Suite struct SignInThrottleTests {
    @Test func signInIsThrottledPerAddress() async throws {
        try await withLiveTestApp(throttle: { $0.signInPerAddress = .init(capacity: 3, refillInterval: 60) }) { app, port in
            // setup: one address guesses at three accounts
            let world = try await TestWorld.make(on: app)
            var guesser = LiveBrowser(port: port, forwardedFor: "203.0.113.7")
            for number in 1...3 {
                let answer = try await guesser.post("/login", form: ["email": "nobody\(number)@a.test", "password": "not the password"])
                #expect(answer.status == .unprocessableEntity)
            }
            // MUT: the fourth try from that address, even with the right password; and a colleague elsewhere
            let refused = try await guesser.post("/login", form: ["email": world.managerA.email, "password": TestWorld.password])
            var colleague = LiveBrowser(port: port, forwardedFor: "198.51.100.20")
            let signedIn = try await colleague.signIn(world.managerA)
            // validate
            #expect(refused.status == .tooManyRequests)
            #expect(refused.headers.first(name: "Retry-After") == "60")
            #expect(refused.body.contains("Too many sign-in attempts"))
            #expect(refused.body.contains("Try again in 1 minute, after "))
            #expect(!refused.headers["Set-Cookie"].contains { $0.hasPrefix(SiteCookie.session) })
            #expect(signedIn.status == .seeOther)
        }
    }

    @Test func signInIsThrottledPerAccountFromAnyAddress() async throws {
        try await withLiveTestApp(throttle: { $0.signInPerAccount = .init(capacity: 2, refillInterval: 60) }) { app, port in
            // setup
            let world = try await TestWorld.make(on: app)
            // MUT: one account from three addresses, the last written in capitals
            var statuses: [HTTPResponseStatus] = []
            for (number, email) in [world.managerA.email, world.managerA.email, world.managerA.email.uppercased()].enumerated() {
                var browser = LiveBrowser(port: port, forwardedFor: "203.0.113.\(number + 1)")
                statuses.append(try await browser.post("/login", form: ["email": email, "password": TestWorld.password]).status)
            }
            // validate: the third waits; another account at that address does not
            #expect(statuses == [.seeOther, .seeOther, .tooManyRequests])
            var other = LiveBrowser(port: port, forwardedFor: "203.0.113.3")
            #expect(
                try await other.post("/login", form: ["email": world.managerB.email, "password": TestWorld.password]).status == .seeOther)
        }
    }

    @Test func theSecondFactorStepIsThrottled() async throws {
        try await withLiveTestApp(throttle: { $0.signInPerAccount = .init(capacity: 2, refillInterval: 60) }) { app, port in
            // setup: past the password, two wrong codes
            let world = try await TestWorld.make(on: app)
            var browser = LiveBrowser(port: port, forwardedFor: "203.0.113.7")
            #expect(
                try await browser.post("/login", form: ["email": world.managerA.email, "password": TestWorld.password]).status == .seeOther)
            for _ in 1...2 {
                #expect(try await browser.post("/login/second-factor", form: ["code": "12345"]).status == .unprocessableEntity)
            }
            // MUT: the right code, a third try
            let refused = try await browser.post("/login/second-factor", form: ["code": world.managerA.code()])
            // validate
            #expect(refused.status == .tooManyRequests)
            #expect(refused.headers.first(name: "Retry-After") == "60")
            #expect(refused.body.contains("Too many sign-in attempts"))
            #expect(try await browser.get("/").status == .seeOther)
        }
    }
}
