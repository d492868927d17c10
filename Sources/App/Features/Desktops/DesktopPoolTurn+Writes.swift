import Domain
import Fluent
import Foundation
import SQLKit

/// A turn's writes as a few statements, not one per seat or per person: at 08:00 a turn seats 200 people and puts
/// hundreds in line, each statement a round trip made while the pool is locked against every other instance.
extension DesktopPoolTurn {
    /// One seat's columns after the turn.
    struct SeatWrite {
        var id: UUID
        var columns: DesktopSeat.StateColumns
        var lastActivity: Date?
        var idleWarnedAt: Date?

        /// The state columns as they were when the state did not change, else as `DesktopSeat.set` stores the new one.
        init(row: SeatRow, previous: SeatSnapshot, seat: SeatSnapshot, now: Date) {
            id = row.id
            if previous.state == seat.state, let name = DesktopSeat.StateName(storedText: row.state) {
                columns = .init(name: name, personID: row.personID, since: row.stateSince, offeredUntil: row.offeredUntil)
            } else {
                columns = .init(seat.state, now: now)
            }
            lastActivity = seat.lastActivity
            idleWarnedAt = seat.idleWarnedAt
        }
    }

    /// The session records a turn ends and starts: one for each time someone sits down at a seat, ended when the seat
    /// is reset or freed.
    struct Tenures {
        var ending: [UUID] = []
        var starting: [(seat: UUID, person: UUID, since: Date)] = []

        mutating func note(seat: UUID, from: SeatState, to: SeatState) {
            switch (from, to) {
            case (.disconnected(let a, _), .inUse(let b, _)), (.inUse(let a, _), .inUse(let b, _)),
                (.inUse(let a, _), .disconnected(let b, _)):
                if a == b { return }  // the same person's session goes on
            default: break
            }
            switch from {
            case .inUse, .disconnected: ending.append(seat)
            default: break
            }
            if case .inUse(let person, let since) = to, let personID = UUID(uuidString: person.rawValue) {
                starting.append((seat, personID, since))
            }
        }
    }

    /// Rows per statement: well under SQLite's 32,766 and PostgreSQL's 65,535 bound values.
    static let rowsPerStatement = 500

    /// Each seat's six state columns in one `UPDATE … SET column = CASE id WHEN … END` per 500 seats. Every CASE ends
    /// in the column itself, which also gives PostgreSQL the column's type when every new value is NULL.
    func writeSeats(_ writes: [SeatWrite]) async throws {
        guard let sql = db as? any SQLDatabase else { throw DesktopError.noSQL }
        for part in writes.chunked(Self.rowsPerStatement) {
            func column(_ name: String, _ value: (SeatWrite) -> (any Encodable & Sendable)?) -> SQLQueryString {
                var text: SQLQueryString = "\(ident: name) = CASE \(ident: "id")"
                for write in part {
                    if let bound = value(write) {
                        text += " WHEN \(bind: write.id) THEN \(bind: bound)"
                    } else {
                        text += " WHEN \(bind: write.id) THEN NULL"
                    }
                }
                return text + " ELSE \(ident: name) END"
            }
            let assignments = [
                column("state") { $0.columns.name.rawValue }, column("person_id") { $0.columns.personID },
                column("state_since") { $0.columns.since }, column("offered_until") { $0.columns.offeredUntil },
                column("last_activity") { $0.lastActivity }, column("idle_warned_at") { $0.idleWarnedAt },
            ]
            let statement: SQLQueryString =
                "UPDATE \(ident: DesktopSeat.schema) SET \(assignments.joined(separator: ", ")) WHERE \(ident: "id") IN (\(binds: part.map(\.id)))"
            try await sql.raw(statement).run()
        }
    }

    /// Ends the sessions of seats that were left, then starts those of people who sat down.
    func write(_ tenures: Tenures, pool: UUID, now: Date) async throws {
        guard let sql = db as? any SQLDatabase else { throw DesktopError.noSQL }
        for seats in tenures.ending.chunked(Self.rowsPerStatement) {
            try await sql.update(DesktopSession.schema).set("ended_at", to: SQLBind(now))
                .where("seat_id", .in, SQLBind.group(Array(seats))).where("ended_at", .is, SQLLiteral.null).run()
        }
        for part in tenures.starting.chunked(Self.rowsPerStatement) {
            var insert = sql.insert(into: DesktopSession.schema).columns("id", "pool_id", "seat_id", "person_id", "started_at")
            for tenure in part {
                insert = insert.values(SQLBind(UUID()), SQLBind(pool), SQLBind(tenure.seat), SQLBind(tenure.person), SQLBind(tenure.since))
            }
            try await insert.run()
        }
    }

    /// Newcomers to the line, in one INSERT per 500.
    func insertLine(_ added: [LineRow]) async throws {
        guard let sql = db as? any SQLDatabase else { throw DesktopError.noSQL }
        let pool = try pool.requireID()
        for part in added.chunked(Self.rowsPerStatement) {
            var insert = sql.insert(into: DesktopWaitingEntry.schema).columns("id", "pool_id", "person_id", "joined_at", "position")
            for entry in part {
                insert = insert.values(SQLBind(entry.id), SQLBind(pool), SQLBind(entry.personID), SQLBind(entry.joinedAt), SQLBind(entry.position))
            }
            try await insert.run()
        }
    }
}
