import Domain
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// An invitation to someone who has an account is accepted only while signed in to that account with both factors:
/// the invitation page is no way round the sign-in lockout.
@Suite struct InvitationSignInTests {
    static func inviteExisting(_ world: TestWorld, on app: Application) async throws -> String {
        let period = try EngagementPeriod(starts: CalendarDay(Date()), ends: CalendarDay(Date()).adding(days: 30))
        let draft = InvitationDraft.Checked(name: "Bob Manager-B", email: world.managerB.email, role: .gp, kind: .locum, period: period)
        let (_, url) = try await Invitations.create(draft, organisationID: world.practiceA, invitedBy: world.managerA.id, on: app.db, baseURL: "")
        return String(url.split(separator: "/").last!)
    }

    static func engagementsAtA(_ world: TestWorld, _ app: Application) async throws -> Int {
        try await Engagement.query(on: app.db).filter(\.$person.$id == world.managerB.id).filter(\.$organisation.$id == world.practiceA).count()
    }

    @Test func thePasswordAloneNoLongerAcceptsAnInvitationForAnExistingAccount() async throws {
        try await withTestApp { app in
            // setup
            let world = try await TestWorld.make(on: app)
            let token = try await Self.inviteExisting(world, on: app)
            var stranger = TestBrowser(app)
            // MUT: the right password, and sixty guesses, with no sign-in
            let page = try await stranger.get("/invitations/\(token)")
            let right = try await stranger.post("/invitations/\(token)", form: ["password": world.managerB.password])
            for index in 0..<60 { _ = try await stranger.post("/invitations/\(token)", form: ["password": "guess \(index)"]) }
            // validate
            #expect(page.body.string.contains("sign in to it first"))
            #expect(!page.body.string.contains("You already have"), "the page does not say whether the address has an account")
            #expect(right.status == .unprocessableEntity && right.body.string.contains("sign in to it first"))
            #expect(try await Self.engagementsAtA(world, app) == 0)
            #expect(try await ConcurrentLockoutTests.lock(world.managerB.id, app) == nil, "nothing was checked against the password")
        }
    }

    @Test func signedInAsThePersonInvitedTheyAcceptWithOneButton() async throws {
        try await withTestApp { app in
            // setup
            let world = try await TestWorld.make(on: app)
            let token = try await Self.inviteExisting(world, on: app)
            var other = TestBrowser(app)
            try await other.signIn(world.gpA)
            var invitee = TestBrowser(app)
            try await invitee.signIn(world.managerB)
            // MUT
            let someoneElse = try await other.post("/invitations/\(token)")
            let page = try await invitee.get("/invitations/\(token)")
            let accepted = try await invitee.post("/invitations/\(token)")
            // validate
            #expect(someoneElse.status == .unprocessableEntity)
            #expect(page.body.string.contains("You are signed in as \(world.managerB.email)"))
            #expect(accepted.status == .seeOther && accepted.location == SiteURL.home.path)
            #expect(try await Self.engagementsAtA(world, app) == 1)
        }
    }
}
