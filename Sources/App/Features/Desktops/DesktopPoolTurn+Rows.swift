import Domain
import Foundation

extension DesktopPoolTurn {
    /// A seat as the turn reads it: plain columns, not a model (a turn reads every seat and everyone waiting, and at
    /// 08:00 there is a turn for each group that arrives together).
    struct SeatRow: Decodable {
        var id: UUID
        var hostID: UUID
        var name: String
        /// As stored; a state this version does not know is a `StoredValueError` when the snapshot is taken.
        var state: String
        var personID: UUID?
        var stateSince: Date?
        var offeredUntil: Date?
        var lastActivity: Date?
        var idleWarnedAt: Date?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case id, name, state
            case hostID = "host_id", personID = "person_id", stateSince = "state_since", offeredUntil = "offered_until"
            case lastActivity = "last_activity", idleWarnedAt = "idle_warned_at"
        }

        func snapshot() throws -> SeatSnapshot {
            guard let name = DesktopSeat.StateName(storedText: state) else {
                throw StoredValueError(table: DesktopSeat.schema, row: id, column: "state", value: state)
            }
            return SeatSnapshot(
                id: SeatID(id.uuidString),
                state: DesktopSeat.seatState(name, person: personID, since: stateSince, offeredUntil: offeredUntil),
                lastActivity: lastActivity, idleWarnedAt: idleWarnedAt)
        }
    }

    /// A place in the pool's waiting line, as the turn reads it.
    struct LineRow: Decodable {
        var id: UUID
        var personID: UUID
        var joinedAt: Date
        var position: Int

        enum CodingKeys: String, CodingKey, CaseIterable {
            case id, position
            case personID = "person_id", joinedAt = "joined_at"
        }
    }

    /// A session's start and end, for the pool's recent session lengths.
    struct Tenure: Decodable {
        var startedAt: Date
        var endedAt: Date

        enum CodingKeys: String, CodingKey {
            case startedAt = "started_at", endedAt = "ended_at"
        }
    }
}
