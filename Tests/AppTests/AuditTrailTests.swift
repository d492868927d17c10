import Domain
import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting

@testable import App

/// The hash-chained audit trail and `surgery audit verify`.
@Suite struct AuditTrailTests {
    private func runAuditVerify(_ app: Application) async throws {
        app.environment.arguments = ["surgery", "audit", "verify"]
        try await app.execute()
    }

    @Test func verifyPassesThenNamesTheFirstEditedRow() async throws {
        try await withTestApp { app in
            // setup
            for index in 1...6 {
                try await app.auditTrail.append(AuditRecord(action: .organisationViewed, recordType: "organisation", recordID: "A\(index)"), on: app.db)
            }
            try await runAuditVerify(app)
            let (checked, problem) = try await AuditTrail.verify(on: app.db)
            #expect(checked == 6)
            #expect(problem == nil)
            // MUT: someone edits row 3 in the database
            let sql = try #require(app.db as? any SQLDatabase)
            try await sql.raw("UPDATE audit_events SET detail = 'nothing to see' WHERE sequence = 3").run()
            // validate
            let (_, broken) = try await AuditTrail.verify(on: app.db)
            #expect(broken?.sequence == 3)
            await #expect(throws: CommandLineProblem.self) { try await runAuditVerify(app) }
            do {
                try await runAuditVerify(app)
            } catch let problem as CommandLineProblem {
                #expect(problem.description.contains("row 3"))
            }
        }
    }

    @Test func aDeletedRowIsFound() async throws {
        try await withTestApp { app in
            for index in 1...5 {
                try await app.auditTrail.append(AuditRecord(action: .staffListViewed, recordID: "\(index)"), on: app.db)
            }
            let sql = try #require(app.db as? any SQLDatabase)
            try await sql.raw("DELETE FROM audit_events WHERE sequence = 4").run()
            let (_, broken) = try await AuditTrail.verify(on: app.db)
            #expect(broken?.sequence == 5)
        }
    }

    @Test func concurrentAppendsKeepOneUnbrokenChain() async throws {
        try await withTestApp { app in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<40 {
                    group.addTask { try await app.auditTrail.append(AuditRecord(action: .apiRead, recordID: "\(index)"), on: app.db) }
                }
                try await group.waitForAll()
            }
            let (checked, problem) = try await AuditTrail.verify(on: app.db)
            #expect(checked == 40)
            #expect(problem == nil)
        }
    }

    @Test func staffWithTheRightRoleSearchByPerson() async throws {
        try await withTestApp { app in
            let world = try await TestWorld.make(on: app)
            var browser = TestBrowser(app)
            try await browser.signIn(world.managerA)
            let page = try await browser.get("/audit?person=mary%40a.test")
            #expect(page.status == .ok)
            #expect(page.body.string.contains(AuditAction.secondFactorPassed.rawValue))
            var gp = TestBrowser(app)
            try await gp.signIn(world.gpA)
            #expect(try await gp.get("/audit").status == .forbidden)
        }
    }
}
