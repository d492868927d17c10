import Domain
import Fluent
import Foundation
import SQLKit

/// One broker transaction on one pool: the pool's rows, locked and read as the Domain broker's snapshot, and the
/// writes that bring the rows to the snapshot the broker decided on.
struct DesktopPoolTurn {
    let db: any Database
    let pool: DesktopPool
    let hosts: [DesktopHost]
    let seats: [UUID: SeatRow]
    let line: [LineRow]
    let before: PoolSnapshot

    /// A seat whose state changed in this turn, for what follows the commit (resets, notices, closing viewers).
    struct SeatChange: Sendable {
        var seatID: UUID
        var from: SeatState
        var to: SeatState
    }

    /// Locks the pool (PostgreSQL: its row, until the transaction ends; SQLite holds the write lock already) and reads it.
    static func begin(poolID: UUID, on db: any Database) async throws -> DesktopPoolTurn {
        guard let sql = db as? any SQLDatabase else { throw DesktopError.noSQL }
        try await sql.raw("UPDATE desktop_pools SET turn = turn + 1 WHERE id = \(bind: poolID)").run()
        return try await read(poolID: poolID, on: db)
    }

    /// Reads the pool without locking it: for pages, which only show where someone stands.
    static func read(poolID: UUID, on db: any Database) async throws -> DesktopPoolTurn {
        guard let sql = db as? any SQLDatabase else { throw DesktopError.noSQL }
        guard let pool = try await DesktopPool.find(poolID, on: db) else { throw DesktopError.noSuchPool }
        let hosts = try await DesktopHost.query(on: db).filter(\.$poolID == poolID).sort(\.$name).all()
        let seatRows = try await sql.select().columns(SeatRow.CodingKeys.allCases.map(\.rawValue)).from(DesktopSeat.schema)
            .where("pool_id", .equal, poolID).orderBy("name").all(decoding: SeatRow.self)
        let line = try await sql.select().columns(LineRow.CodingKeys.allCases.map(\.rawValue)).from(DesktopWaitingEntry.schema)
            .where("pool_id", .equal, poolID).orderBy("position").all(decoding: LineRow.self)
        let recent = try await sql.select().columns("started_at", "ended_at").from(DesktopSession.schema)
            .where("pool_id", .equal, poolID).where("ended_at", .isNot, SQLLiteral.null)
            .orderBy("started_at", .descending).limit(50).all(decoding: Tenure.self)
        let lengths = recent.map { $0.endedAt.timeIntervalSince($0.startedAt) }
        let average = lengths.isEmpty ? nil : lengths.reduce(0, +) / Double(lengths.count)
        let snapshot = PoolSnapshot(
            hosts: try hosts.map { host in
                HostSnapshot(
                    id: HostID(host.id!.uuidString), state: host.state,
                    health: host.healthy ? .healthy : .unhealthy(since: host.unhealthySince ?? Date()),
                    seats: try seatRows.filter { $0.hostID == host.id }.map { try $0.snapshot() })
            },
            waitingLine: line.map { WaitingEntry(person: PersonKey($0.personID.uuidString), joinedAt: $0.joinedAt) },
            settings: pool.settings, averageSessionLength: average)
        return DesktopPoolTurn(
            db: db, pool: pool, hosts: hosts, seats: Dictionary(uniqueKeysWithValues: seatRows.map { ($0.id, $0) }),
            line: line, before: snapshot)
    }

    /// Writes every difference between `before` and `after`, and returns the seats whose state changed: the seats in
    /// two statements, the session records in two more, whatever the number of seats (at 08:00 one turn seats 200).
    func save(_ after: PoolSnapshot, now: Date) async throws -> [SeatChange] {
        let old = Dictionary(before.hosts.flatMap(\.seats).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var writes: [SeatWrite] = []
        var changes: [SeatChange] = []
        var tenures = Tenures()
        for seat in after.hosts.flatMap(\.seats) {
            guard let previous = old[seat.id], previous != seat, let id = UUID(uuidString: seat.id.rawValue), let row = seats[id]
            else { continue }
            writes.append(SeatWrite(row: row, previous: previous, seat: seat, now: now))
            guard previous.state != seat.state else { continue }
            changes.append(SeatChange(seatID: id, from: previous.state, to: seat.state))
            tenures.note(seat: id, from: previous.state, to: seat.state)
        }
        // seats that lose their holder first: a person moving seats must leave one before the unique index sees two
        try await writeSeats(writes.filter { $0.columns.personID == nil })
        try await writeSeats(writes.filter { $0.columns.personID != nil })
        try await write(tenures, pool: pool.requireID(), now: now)
        try await saveLine(after.waitingLine, now: now)
        // who came into the line and who was handed a seat from it, counted as it happens (a tick may never see them)
        let before = Set(line.map(\.personID.uuidString))
        let joined = after.waitingLine.count { !before.contains($0.person.rawValue) }
        let handedOver = changes.count { if case .offered = $0.to { true } else { false } }
        if joined > 0 || handedOver > 0 {
            try await DesktopPoolSample.record(after, pool: pool.requireID(), joined: joined, handedOver: handedOver, now: now, on: db)
        }
        return changes
    }

    /// Removes those who left the line and adds newcomers: at the back, or in front of everyone for people whose host failed.
    private func saveLine(_ after: [WaitingEntry], now: Date) async throws {
        let stayed = Set(after.map(\.person.rawValue))
        let leaving = line.filter { !stayed.contains($0.personID.uuidString) }.compactMap(\.id)
        if !leaving.isEmpty { try await DesktopWaitingEntry.query(on: db).filter(\.$id ~~ leaving).delete() }
        let known = Set(line.map(\.personID.uuidString))
        let firstKnown = after.firstIndex { known.contains($0.person.rawValue) } ?? after.count
        var low = (line.map(\.position).min() ?? 0) - firstKnown
        var high = line.map(\.position).max() ?? 0
        var added: [LineRow] = []
        for (index, entry) in after.enumerated() where !known.contains(entry.person.rawValue) {
            guard let personID = UUID(uuidString: entry.person.rawValue) else { continue }
            let position: Int
            if index < firstKnown {
                position = low
                low += 1
            } else {
                high += 1
                position = high
            }
            added.append(LineRow(id: UUID(), personID: personID, joinedAt: entry.joinedAt, position: position))
        }
        try await insertLine(added)
    }
}
