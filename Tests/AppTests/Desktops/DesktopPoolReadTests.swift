import Domain
import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting

@testable import App

/// The pool read as plain rows for every open and page (`DesktopPoolRead`) holds what Fluent reads from the same rows,
/// with the organisations it serves; on SQLite and, with TEST_DATABASE_URL, on PostgreSQL.
@Suite struct DesktopPoolReadTests {
    @Test func aPoolAndItsGrantsHoldWhatFluentReads() async throws {
        try await withTestApp { app in
            // setup: practice A's pool, with every optional column filled, also serving practice B
            let world = try await TestWorld.make(on: app)
            let pool = try #require(try await DesktopPool.find(world.desktopPoolA, on: app.db))
            pool.roles = StoredList([.gp, .receptionist])
            pool.requiredAssurance = "AAL3"
            pool.clipboard = .fromDesktop
            pool.rdpSignIn = .personsCredentials
            try pool.setReset(SeatResetCommand(arguments: ["/usr/bin/true", "seat"], timeoutSeconds: 30))
            try await pool.save(on: app.db)
            try await DesktopPoolOrganisation(poolID: world.desktopPoolA, organisationID: world.practiceB).create(on: app.db)
            // MUT
            let read = try #require(try await DesktopPoolRead.pool(world.desktopPoolA, on: app.db))
            let missing = try await DesktopPoolRead.pool(UUID(), on: app.db)
            // validate: every column against Fluent's read
            let fluent = try #require(try await DesktopPool.find(world.desktopPoolA, on: app.db))
            #expect(read.pool.id == fluent.id && read.pool.$id.exists)
            #expect(read.pool.createdAt == fluent.createdAt && read.pool.turn == fluent.turn && read.pool.name == fluent.name)
            #expect(read.pool.placement == fluent.placement && read.pool.allowedRoles == [.gp, .receptionist])
            #expect(read.pool.disconnectedTimeoutSeconds == fluent.disconnectedTimeoutSeconds)
            #expect(read.pool.idleTimeoutSeconds == fluent.idleTimeoutSeconds)
            #expect(read.pool.resetCommandJSON == fluent.resetCommandJSON && read.pool.resetCommandJSON != nil)
            #expect(read.pool.clipboard == .fromDesktop && read.pool.rdpSignIn == .personsCredentials)
            #expect(read.pool.requiredAssurance == "AAL3")
            let grants = try await DesktopPoolOrganisation.query(on: app.db).filter(\.$poolID == world.desktopPoolA).all()
            #expect(Set(read.grants.compactMap(\.id)) == Set(grants.compactMap(\.id)))
            #expect(Set(read.grants.map(\.organisationID)) == [world.practiceA, world.practiceB])
            #expect(read.grants.allSatisfy { $0.poolID == world.desktopPoolA })
            #expect(missing == nil)
        }
    }

    @Test func aPoolServingNobodyIsReadWithNoGrants() async throws {
        try await withTestApp { app in
            // setup
            let world = try await TestWorld.make(on: app)
            try await DesktopPoolOrganisation.query(on: app.db).filter(\.$poolID == world.desktopPoolA).delete()
            // MUT
            let read = try #require(try await DesktopPoolRead.pool(world.desktopPoolA, on: app.db))
            // validate
            #expect(read.grants.isEmpty)
            #expect(read.pool.id == world.desktopPoolA)
        }
    }

    @Test func aSeatStateThisVersionDoesNotKnowIsAnErrorNamingIt() async throws {
        try await withTestApp { app in
            // setup: a seat whose state was written by another version
            let world = try await TestWorld.make(on: app)
            let sql = try #require(app.db as? any SQLDatabase)
            try await sql.raw("UPDATE desktop_seats SET state = \(bind: "hibernating") WHERE id = \(bind: world.desktopSeatA)").run()
            // MUT
            let error = await #expect(throws: StoredValueError.self) {
                try await DesktopPoolTurn.read(poolID: world.desktopPoolA, on: app.db)
            }
            // validate
            #expect(error?.table == "desktop_seats" && error?.column == "state" && error?.value == "hibernating")
            #expect(error?.row == world.desktopSeatA)
        }
    }
}
