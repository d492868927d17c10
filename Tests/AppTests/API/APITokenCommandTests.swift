import Domain
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// `surgery api-token create` makes a token as the page does, only for someone who may manage tokens there today,
/// and refuses bad arguments without storing anything.
@Suite struct APITokenCommandTests {
    static func run(_ app: Application, _ arguments: [String]) async throws -> CommandLineProblem? {
        app.environment.arguments = ["surgery", "api-token"] + arguments
        do {
            try await app.execute()
            return nil
        } catch let problem as CommandLineProblem {
            return problem
        }
    }

    @Test func aPracticeManagerGetsATokenWithTheScopeAndLifetimeAsked() async throws {
        try await withTestApp { app in
            // setup
            let world = try await TestWorld.make(on: app)
            let before = Date()
            // MUT
            let problem = try await Self.run(app, [
                "create", "--organisation", TestWorld.codeA.lowercased(), "--email", world.managerA.email, "--name", "Estate feed",
                "--access", "read_only", "--areas", "estate,audit", "--days", "7",
            ])
            // validate
            #expect(problem == nil)
            let token = try #require(try await APIToken.query(on: app.db).filter(\.$name == "Estate feed").first())
            #expect(token.$organisation.id == world.practiceA)
            #expect(token.$createdBy.id == world.managerA.id)
            #expect(token.scope == (try APITokenScope(access: .readOnly, areas: [.estate, .audit])))
            #expect(token.expiresAt > (try APITokenLifetime(days: 7)).expiry(from: before).addingTimeInterval(-1))
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "api_token.created").count() == 1)
        }
    }

    @Test(arguments: [
        (["make"], "Use: surgery api-token create"),
        (["create", "--organisation", "A81001", "--email", "mary@a.test", "--name", "Feed"], "--areas: Tick at least one area"),
        (["create", "--organisation", "A81001", "--email", "mary@a.test", "--name", "Feed", "--areas", "all", "--days", "400"], "--days: A token can work for from 1 to 365 days"),
        (["create", "--organisation", "A81001", "--email", "mary@a.test", "--areas", "all", "--access", "everything"], "--access: Choose whether"),
        (["create", "--organisation", "Z99999", "--email", "mary@a.test", "--name", "Feed", "--areas", "all"], "no organisation with ODS code 'Z99999'"),
        (["create", "--organisation", "A81001", "--email", "nobody@a.test", "--name", "Feed", "--areas", "all"], "no account for 'nobody@a.test'"),
        (["create", "--organisation", "A81001", "--email", "zelda@a.test", "--name", "Feed", "--areas", "all"], "may not make API tokens for Practice Alpha"),
        (["create", "--organisation", "A81001", "--email", "lou@locum.test", "--name", "Feed", "--areas", "all"], "may not make API tokens for Practice Alpha"),
    ])
    func badArgumentsAreRefusedAndNothingIsMade(_ arguments: [String], _ message: String) async throws {
        try await withTestApp { app in
            // setup
            _ = try await TestWorld.make(on: app)
            let before = try await APIToken.query(on: app.db).count()
            // MUT
            let problem = try await Self.run(app, arguments)
            // validate
            #expect(problem?.description.contains(message) == true, "\(problem?.description ?? "accepted")")
            #expect(try await APIToken.query(on: app.db).count() == before)
        }
    }
}
