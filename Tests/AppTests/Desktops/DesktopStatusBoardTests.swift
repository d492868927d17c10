import Domain
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// The live streams' shared read of a pool (`DesktopStatusBoard`) tells each person what their own read tells them,
/// and the streams that heard of one change share one read; on SQLite and, with TEST_DATABASE_URL, on PostgreSQL.
@Suite struct DesktopStatusBoardTests {
    @Test func theBoardTellsEachPersonWhatTheirOwnReadTells() async throws {
        try await withTestApp { app in
            // setup: five seats (in use, offered, an offer run out, disconnected, free), three waiting, one elsewhere
            _ = try await TestWorld.make(on: app)
            let poolID = try await DesktopPoolTurnWriteTests.pool(seats: 5, organisation: TestWorld.codeA, on: app)
            let people = (0..<8).map { Person(id: UUID(), name: "Board Person \($0)", email: "board\($0)@a.test") }
            try await people.create(on: app.db)
            let p = people.map { PersonKey($0.id!.uuidString) }
            let now = Date()
            let states: [SeatState] = [
                .inUse(by: p[0], since: now - 600), .offered(to: p[1], until: now + 60), .offered(to: p[2], until: now - 1),
                .disconnected(by: p[3], since: now - 30), .free,
            ]
            try await DesktopPoolTurnWriteTests.turn(poolID, on: app) { snapshot in
                DesktopPoolTurnWriteTests.set(&snapshot, states, activity: [nil, nil, nil, nil, nil])
                snapshot.waitingLine = (4..<7).map { WaitingEntry(person: p[$0], joinedAt: now + Double($0)) }
            }
            // MUT
            let board = try await DesktopStatusBoard.read(pool: poolID, on: app.db)
            // validate: each person, against their own read and what it should be
            var told: [DesktopStatus] = []
            for person in people {
                let own = try await DesktopStatus.load(person: person.id!, pool: poolID, on: app.db, now: now)
                #expect(board.status(of: person.id!, now: now) == own, "\(person.name)")
                told.append(own)
            }
            #expect(told[0] == .seat(name: "turn-seat-1", disconnected: false))
            if case .offered(let name, _) = told[1] { #expect(name == "turn-seat-2") } else { Issue.record("offered: \(told[1])") }
            #expect(told[2] == .none && told[7] == .none)
            #expect(told[3] == .seat(name: "turn-seat-4", disconnected: true))
            let places = told[4...6].compactMap { status -> Int? in if case .waiting(let place, _) = status { place } else { nil } }
            #expect(places == [1, 2, 3])
        }
    }

    @Test func streamsThatHeardOfOneChangeShareOneRead() async throws {
        try await withTestApp { app in
            // setup
            let world = try await TestWorld.make(on: app)
            let boards = DesktopStatusBoards()
            let heard = ContinuousClock.now
            // MUT: fifty streams hear of the same change at once
            let boardsRead = try await withThrowingTaskGroup(of: DesktopStatusBoard.self) { group in
                for _ in 0..<50 { group.addTask { try await boards.board(pool: world.desktopPoolA, heard: heard, on: app.db) } }
                return try await group.reduce(into: [DesktopStatusBoard]()) { $0.append($1) }
            }
            // validate: one read for all fifty
            #expect(boardsRead.count == 50)
            #expect(boards.readsStarted == 1)
            // MUT: a change heard after that read began is read again, not answered from the earlier read
            let later = ContinuousClock.now
            _ = try await boards.board(pool: world.desktopPoolA, heard: later, on: app.db)
            // validate
            #expect(boards.readsStarted == 2)
        }
    }
}
