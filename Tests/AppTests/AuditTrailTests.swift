import Domain
import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting

@testable import App

/// Runs `surgery audit verify` through the command's own code, and returns what it printed and whether it failed.
func runAuditVerify(_ app: Application) async throws -> (lines: [String], failed: Bool) {
    let console = RecordingConsole()
    app.console = console
    app.environment.arguments = ["surgery", "audit", "verify"]
    do {
        try await app.execute()
        return (console.lines, false)
    } catch is CommandLineProblem {
        return (console.lines, true)
    }
}

/// Someone who owns the tables: drops the append-only triggers (migration 017), then changes the trail with raw SQL.
func tamper(_ app: Application, _ change: (any SQLDatabase) async throws -> Void) async throws {
    try await M019AuditTableIsAppendOnly().revert(on: app.db)
    try await change(try #require(app.db as? any SQLDatabase))
}

/// Appends `count` rows, one at a time.
func appendRows(_ app: Application, _ count: Int, action: AuditAction = .organisationViewed) async throws {
    for index in 1...count {
        try await app.auditTrail.append(AuditRecord(action: action, recordType: "organisation", recordID: "A\(index)"), on: app.db)
    }
}

/// The hash-chained audit trail and `surgery audit verify`.
@Suite struct AuditTrailTests {
    @Test func verifyPassesThenNamesTheEditedRowWithItsTime() async throws {
        try await withTestApp { app in
            // setup
            try await appendRows(app, 6)
            let passed = try await runAuditVerify(app)
            #expect(!passed.failed)
            #expect(passed.lines.first?.hasPrefix("The audit trail is intact: 6 rows checked, and its head agrees with") == true)
            let recorded = try #require(try await AuditEvent.find(3, on: app.db)).occurredAtMillis
            // MUT: someone edits row 3 in the database
            try await tamper(app) { try await $0.raw("UPDATE audit_events SET detail = 'nothing to see' WHERE sequence = 3").run() }
            // validate: one sentence with the row and its UK time, and a failed command
            let failed = try await runAuditVerify(app)
            #expect(failed.failed)
            let time = AuditProblem.changed(sequence: 3, recordedAtMillis: recorded).sentence()
            #expect(failed.lines == [time])
            #expect(time.hasPrefix("Row 3 (recorded ") && time.hasSuffix(" UK time) was changed after it was written."))
        }
    }

    @Test func aDeletedRowIsFound() async throws {
        try await withTestApp { app in
            // setup
            try await appendRows(app, 5, action: .staffListViewed)
            // MUT
            try await tamper(app) { try await $0.raw("DELETE FROM audit_events WHERE sequence = 4").run() }
            // validate
            let outcome = try await AuditVerification.run(on: app.db, checkpoints: app.auditCheckpoints, logger: app.logger)
            #expect(outcome.report.problems.count == 1)
            #expect(outcome.lines[0].hasPrefix("Row 4 is missing: row 5 (recorded "))
        }
    }

    @Test func concurrentAppendsKeepOneUnbrokenChain() async throws {
        try await withTestApp { app in
            // MUT
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<40 {
                    group.addTask { try await app.auditTrail.append(AuditRecord(action: .apiRead, recordID: "\(index)"), on: app.db) }
                }
                try await group.waitForAll()
            }
            // validate
            let outcome = try await AuditVerification.run(on: app.db, checkpoints: app.auditCheckpoints, logger: app.logger)
            #expect(outcome.report.rowsChecked == 40)
            #expect(outcome.isIntact)
        }
    }

    @Test func staffWithTheRightRoleSearchByPerson() async throws {
        try await withTestApp { app in
            let world = try await TestWorld.make(on: app)
            var browser = TestBrowser(app)
            try await browser.signIn(world.managerA)
            let page = try await browser.get("/audit?person=mary%40a.test")
            #expect(page.status == .ok)
            #expect(page.body.string.contains("<td>Signed in (second step)</td>"), "what happened, in plain words")
            var gp = TestBrowser(app)
            try await gp.signIn(world.gpA)
            #expect(try await gp.get("/audit").status == .forbidden)
        }
    }
}
