import Domain
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// The sign-in page and an invitation link tell nobody whether an address has an account.
@Suite struct AccountEnumerationTests {
    @Test func anUnknownAddressAWrongPasswordAndALockedAccountReadAlike() async throws {
        try await withTestApp(config: ConcurrentLockoutTests.config()) { app in
            // setup: the GP's account locked by wrong passwords
            let world = try await TestWorld.make(on: app)
            var browser = TestBrowser(app)
            for _ in 0..<LockoutPolicy.standard.freeAttempts {
                _ = try await browser.post("/login", form: ["email": world.gpA.email, "password": "wrong"])
            }
            // MUT
            let unknown = try await browser.post("/login", form: ["email": "nobody@nowhere.test", "password": "anything at all"])
            let wrong = try await browser.post("/login", form: ["email": world.managerA.email, "password": "wrong"])
            let locked = try await browser.post("/login", form: ["email": world.gpA.email, "password": world.gpA.password])
            // validate
            for response in [unknown, wrong, locked] {
                #expect(response.status == .unprocessableEntity)
                #expect(response.body.string.contains("or the account is locked after too many tries"))
                #expect(!response.body.string.contains("Your account is locked"))
            }
            #expect((try await ConcurrentLockoutTests.lock(world.gpA.id, app)?.lockedUntil ?? .distantPast) > Date())
        }
    }

    @Test func anInvitationLinkReadsAlikeForANewAndAnExistingAccount() async throws {
        try await withTestApp { app in
            // setup: A's invitation is for a new person; a second one for Bob, who has an account
            let world = try await TestWorld.make(on: app)
            let existing = try await InvitationSignInTests.inviteExisting(world, on: app)
            var browser = TestBrowser(app)
            // MUT
            let forNew = try await browser.get("/invitations/\(world.invitationTokenA)").body.string
            let forExisting = try await browser.get("/invitations/\(existing)").body.string
            // validate: the same choices on both, nothing that says which address has an account
            for page in [forNew, forExisting] {
                #expect(page.contains("sign in to it first") && page.contains("If not, choose a password"))
                #expect(!page.contains("You already have") && !page.contains("You are signed in"))
            }
        }
    }
}
