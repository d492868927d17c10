import Domain
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// A broker turn writes its seats, session records and newcomers to the line in a few statements
/// (`DesktopPoolTurn+Writes`): what it stores is what the seat model stores for the same states, on SQLite and, with
/// TEST_DATABASE_URL, on PostgreSQL (where a column whose every new value is NULL must keep its type).
@Suite struct DesktopPoolTurnWriteTests {
    /// Whole seconds, which both databases store exactly.
    static let t0 = Date(timeIntervalSince1970: 1_796_000_000)

    @Test func everyKindOfSeatChangeIsStoredAsTheSeatModelStoresIt() async throws {
        try await withTestApp { app in
            // setup: a pool of five seats and five people
            _ = try await TestWorld.make(on: app)
            let poolID = try await Self.pool(seats: 5, organisation: TestWorld.codeA, on: app)
            let people = (0..<5).map { Person(id: UUID(), name: "Turn Person \($0)", email: "turn\($0)@a.test") }
            try await people.create(on: app.db)
            let p = people.map { PersonKey($0.id!.uuidString) }
            // MUT 1: from free, four states at once, and two people join the line
            let first: [SeatState] = [
                .inUse(by: p[0], since: Self.t0), .offered(to: p[1], until: Self.t0 + 60), .disconnected(by: p[2], since: Self.t0),
                .inUse(by: p[3], since: Self.t0), .free,
            ]
            try await Self.turn(poolID, on: app) { snapshot in
                Self.set(&snapshot, first, activity: [Self.t0, nil, nil, Self.t0, nil])
                snapshot.waitingLine = [WaitingEntry(person: p[4], joinedAt: Self.t0 + 1)]
            }
            // validate 1
            try await Self.expectSeats(poolID, first, activity: [Self.t0, nil, nil, Self.t0, nil], warned: [], on: app.db)
            #expect(try await Self.openSessions(poolID, on: app.db) == [people[0].id!, people[3].id!])
            let line = try await DesktopWaitingEntry.query(on: app.db).filter(\.$poolID == poolID).all()
            #expect(line.map(\.personID) == [people[4].id!] && line.map(\.joinedAt) == [Self.t0 + 1])
            // MUT 2: reset, take the offer, come back, a warning without a change of state, still free
            let second: [SeatState] = [
                .resetting(since: Self.t0 + 120), .inUse(by: p[1], since: Self.t0 + 30), .inUse(by: p[2], since: Self.t0 + 40),
                .inUse(by: p[3], since: Self.t0), .free,
            ]
            try await Self.turn(poolID, on: app) { snapshot in
                Self.set(&snapshot, second, activity: [nil, nil, nil, Self.t0 + 90, nil])
                snapshot.hosts[0].seats[3].idleWarnedAt = Self.t0 + 100
            }
            // validate 2: p0's session ended at the turn, p1's began, p2 came back to the seat they held
            try await Self.expectSeats(poolID, second, activity: [nil, nil, nil, Self.t0 + 90, nil], warned: [3], on: app.db)
            #expect(try await Self.openSessions(poolID, on: app.db) == Set([people[1].id!, people[3].id!]))
            let ended = try await DesktopSession.query(on: app.db).filter(\.$poolID == poolID).filter(\.$endedAt != nil).all()
            #expect(ended.map(\.personID) == [people[0].id!])
            // MUT 3: everyone leaves: every new person, since and until is NULL
            let third = [SeatState](repeating: .free, count: 5)
            try await Self.turn(poolID, on: app) { snapshot in Self.set(&snapshot, third, activity: [nil, nil, nil, nil, nil]) }
            // validate 3
            try await Self.expectSeats(poolID, third, activity: [nil, nil, nil, nil, nil], warned: [], on: app.db)
            #expect(try await Self.openSessions(poolID, on: app.db).isEmpty)
        }
    }

    /// A pool of `seats` seats on one host serving `organisation`.
    static func pool(seats: Int, organisation: String, on app: Application) async throws -> UUID {
        let file = DesktopPoolFile(
            name: "Turn desktops", placement: "breadthFirst", organisations: [organisation], roles: [], disconnectedTimeoutSeconds: nil,
            idleTimeoutSeconds: nil, resetCommand: nil,
            hosts: [
                .init(
                    name: "turn-host", address: "127.0.0.1", secret: "turn",
                    seats: (1...seats).map { .init(name: "turn-seat-\($0)", host: "127.0.0.1", port: 21_000 + $0) })
            ])
        return try await file.apply(on: app.db, box: app.secretBox)
    }

    /// One locked turn that changes the snapshot with `change` and saves it.
    static func turn(_ poolID: UUID, on app: Application, _ change: @escaping @Sendable (inout PoolSnapshot) -> Void) async throws {
        try await app.db.writeTransaction { tx in
            let turn = try await DesktopPoolTurn.begin(poolID: poolID, on: tx)
            var after = turn.before
            change(&after)
            _ = try await turn.save(after, now: Self.t0 + 120)
        }
    }

    /// The seats, in name order, take `states` and their times of last input.
    static func set(_ snapshot: inout PoolSnapshot, _ states: [SeatState], activity: [Date?]) {
        for index in states.indices {
            snapshot.hosts[0].seats[index].state = states[index]
            snapshot.hosts[0].seats[index].lastActivity = activity[index]
            snapshot.hosts[0].seats[index].idleWarnedAt = nil
        }
    }

    /// Each seat's columns, read by Fluent, are those `DesktopSeat.set` gives for its state at the turn's time.
    static func expectSeats(_ poolID: UUID, _ states: [SeatState], activity: [Date?], warned: Set<Int>, on db: any Database) async throws {
        let seats = try await DesktopSeat.query(on: db).filter(\.$poolID == poolID).sort(\.$name).all()
        try #require(seats.count == states.count)
        for (index, seat) in seats.enumerated() {
            let expected = DesktopSeat.StateColumns(states[index], now: Self.t0 + 120)
            #expect(seat.state == expected.name, "\(seat.name)")
            #expect(seat.personID == expected.personID, "\(seat.name)")
            #expect(seat.stateSince == expected.since, "\(seat.name)")
            #expect(seat.offeredUntil == expected.offeredUntil, "\(seat.name)")
            #expect(seat.lastActivity == activity[index], "\(seat.name)")
            #expect(seat.idleWarnedAt == (warned.contains(index) ? Self.t0 + 100 : nil), "\(seat.name)")
            #expect(seat.seatState == states[index], "\(seat.name)")
        }
    }

    /// The people whose session records in the pool are not ended.
    static func openSessions(_ poolID: UUID, on db: any Database) async throws -> Set<UUID> {
        Set(try await DesktopSession.query(on: db).filter(\.$poolID == poolID).filter(\.$endedAt == nil).all().map(\.personID))
    }
}
