import Domain
import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit

/// Where everyone stands in one pool, read once after a change for all of the pool's live streams: each stream read
/// its own person's place, so at 08:00, with hundreds waiting, every change of the pool was read hundreds of times.
struct DesktopStatusBoard: Sendable {
    /// The seats held, by the person holding them.
    var seats: [UUID: (name: String, state: SeatState)]
    /// How many are ahead of each person in line.
    var ahead: [UUID: Int]
    var wait: DesktopStatus.WaitInputs

    /// What `person`'s page shows: the same as `DesktopStatus.load` for them.
    func status(of person: UUID, now: Date = Date()) -> DesktopStatus {
        if let seat = seats[person] { return DesktopStatus.of(seat: seat.name, seat.state, now: now) }
        guard let ahead = ahead[person] else { return .none }
        return .waiting(place: ahead + 1, estimatedWait: wait.estimate(ahead: ahead))
    }

    /// Two plain queries (the held seats, the line) and the inputs of the wait estimate.
    static func read(pool: UUID, on db: any Database, now: Date = Date()) async throws -> DesktopStatusBoard {
        guard let sql = db as? any SQLDatabase else { throw DesktopError.noSQL }
        // the turn's own seat rows and states, so that a state this version does not know is the same error
        let held = try await sql.select().columns(DesktopPoolTurn.SeatRow.CodingKeys.allCases.map(\.rawValue)).from(DesktopSeat.schema)
            .where("pool_id", .equal, pool).where("person_id", .isNot, SQLLiteral.null).all(decoding: DesktopPoolTurn.SeatRow.self)
        var seats: [UUID: (name: String, state: SeatState)] = [:]
        for row in held {
            guard let person = row.personID else { continue }
            seats[person] = (row.name, try row.snapshot().state)
        }
        let line = try await sql.select().columns("person_id", "position").from(DesktopWaitingEntry.schema)
            .where("pool_id", .equal, pool).orderBy("position").all().map(PlainRow.init)
        var ahead: [UUID: Int] = [:]
        var previous: Int?
        var before = 0  // people at a lower position than the current row's
        for (index, row) in line.enumerated() {
            let position = try row.value("position", Int.self)
            if position != previous { (before, previous) = (index, position) }
            ahead[try row.value("person_id", UUID.self)] = before
        }
        return DesktopStatusBoard(seats: seats, ahead: ahead, wait: try await DesktopStatus.waitInputs(pool: pool, on: db, now: now))
    }
}

/// Shares one read of a pool's board among the live streams that heard of the same change.
final class DesktopStatusBoards: Sendable {
    private let reads = NIOLockedValueBox<[UUID: (started: ContinuousClock.Instant, read: Task<DesktopStatusBoard, any Error>)]>([:])
    private let started = NIOLockedValueBox(0)

    /// How many reads have started since this instance began.
    var readsStarted: Int { started.withLockedValue { $0 } }

    /// A board read after `heard`, the moment the caller learnt of the change: a read already started since then is
    /// shared, else a new one starts.
    func board(pool: UUID, heard: ContinuousClock.Instant, on db: any Database) async throws -> DesktopStatusBoard {
        let read = reads.withLockedValue { reads in
            if let current = reads[pool], current.started >= heard { return current.read }
            let now = ContinuousClock.now
            let read = Task { try await DesktopStatusBoard.read(pool: pool, on: db) }
            reads[pool] = (now, read)
            started.withLockedValue { $0 += 1 }
            return read
        }
        return try await read.value
    }
}
