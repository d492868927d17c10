import Fluent
import Foundation
import SQLKit
import Synchronization
import Testing
import VaporTesting

@testable import App

/// `surgery backup` while patients send requests, `surgery restore` into a fresh place: the audit trail verifies and
/// every request confirmed before the backup began is there. On PostgreSQL the command says to use PostgreSQL's tools.
@Suite struct BackupDrillTests {
    static func folder() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("surgery-backup-\(UUID().uuidString)").path
    }

    @Test func aBackupTakenUnderLoadRestoresIntactWithEveryRequestConfirmedBeforeIt() async throws {
        let config = TestDatabase.config()
        try await withTestApp(config: config) { app in
            let folder = Self.folder()
            guard !TestDatabase.isPostgres else {
                await #expect(throws: Backups.Problem.self) { try await Backups.take(into: folder, app: app) }
                return
            }
            let world = try await TestWorld.make(on: app)
            // load: a patient sending requests until told to stop, each confirmation noted with its time
            let stop = Atomic<Bool>(false)
            let load = Task { () -> [(String, ContinuousClock.Instant)] in
                var confirmed: [(String, ContinuousClock.Instant)] = []
                var patient = TestBrowser(app)
                while !stop.load(ordering: .relaxed) {
                    let fill = PatientFormFill(screenedBy: app)
                    let sent = try await patient.postMultipart(SiteURL.requestSend(ods: TestWorld.codeA).path) { fill.apply(&$0) }
                    if sent.status == .seeOther { confirmed.append((fill.submission, .now)) }
                }
                return confirmed
            }
            // audit rows and a checkpoint before the backup, as the service writes them
            var manager = TestBrowser(app)
            try await manager.signIn(world.managerA)
            _ = try await manager.get(SiteURL.consult.path)
            _ = try await app.auditCheckpoints.writeIfMoved(on: app.db, logger: app.logger)
            let began = ContinuousClock.now
            // MUT: the backup while the load goes on
            let said = try await Backups.take(into: folder, app: app)
            stop.store(true, ordering: .relaxed)
            let confirmed = try await withTimeout(seconds: 60) { try await load.value }
            // validate: restored into a fresh place with the same key, intact, with every request confirmed before
            var restored = TestDatabase.config()
            restored.dataKey = config.dataKey
            #expect(said.contains("surgery.sqlite") && said.contains("audit-checkpoints.log"))
            _ = try Backups.restore(from: folder, config: restored)
            let copy = try await makeTestApp(config: restored, migrate: false)
            do {
                let outcome = try await AuditVerification.run(on: copy.db, checkpoints: copy.auditCheckpoints, logger: copy.logger)
                #expect(outcome.isIntact, "\(outcome.lines)")
                let stored = Set(try await TriageRequest.query(on: copy.db).all().map(\.submissionKey))
                let before = confirmed.filter { $0.1 < began }.map(\.0)
                #expect(!before.isEmpty, "the load confirmed requests before the backup began")
                #expect(before.allSatisfy(stored.contains), "a request confirmed before the backup is missing from it")
                let sql = try #require(copy.db as? any SQLDatabase)
                let check = try await sql.raw("PRAGMA integrity_check").first()?.decode(column: "integrity_check", as: String.self)
                #expect(check == "ok")
            } catch {
                Issue.record(error)
            }
            try await dropTestApp(copy, config: restored)
            try? FileManager.default.removeItem(atPath: folder)
        }
    }

    @Test func aRestoreNeverOverwritesAndABackupNeverReusesAFolder() async throws {
        let config = TestDatabase.config()
        try await withTestApp(config: config) { app in
            guard !TestDatabase.isPostgres else {
                #expect(throws: Backups.Problem.self) { try Backups.restore(from: Self.folder(), config: config) }
                return
            }
            let folder = Self.folder()
            _ = try await Backups.take(into: folder, app: app)
            await #expect(throws: Backups.Problem.self) { try await Backups.take(into: folder, app: app) }
            // restoring onto the live database is refused, and so is a folder that is not a backup
            #expect(throws: Backups.Problem.self) { try Backups.restore(from: folder, config: config) }
            var fresh = TestDatabase.config()
            fresh.dataKey = config.dataKey
            #expect(throws: Backups.Problem.self) { try Backups.restore(from: Self.folder(), config: fresh) }
            try? FileManager.default.removeItem(atPath: folder)
        }
    }
}
