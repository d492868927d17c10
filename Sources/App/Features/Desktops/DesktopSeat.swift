import Domain
import Fluent
import Foundation

/// One desktop session on a host: a VNC endpoint, and who it belongs to now.
final class DesktopSeat: Model, @unchecked Sendable {
    static let schema = "desktop_seats"

    /// The stored name of a `SeatState`; the person and times it carries are columns of their own.
    enum StateName: String, Sendable, StoredText {
        case free, offered, inUse = "in_use", disconnected, resetting
    }

    // managed fields
    @ID(key: .id) var id: UUID?

    // data fields
    @Field(key: "name") var name: String
    @Field(key: "vnc_host") var vncHost: String
    @Field(key: "vnc_port") var vncPort: Int
    @Typed(key: "state") var state: StateName
    /// The person it belongs to while offered, in use or disconnected; unique per pool, so nobody holds two seats.
    @OptionalField(key: "person_id") var personID: UUID?
    @OptionalField(key: "state_since") var stateSince: Date?
    @OptionalField(key: "offered_until") var offeredUntil: Date?
    @OptionalField(key: "last_activity") var lastActivity: Date?
    @OptionalField(key: "idle_warned_at") var idleWarnedAt: Date?

    // relationships
    @Field(key: "pool_id") var poolID: UUID
    @Field(key: "host_id") var hostID: UUID

    init() {}

    init(poolID: UUID, hostID: UUID, name: String, vncHost: String, vncPort: Int) {
        self.poolID = poolID
        self.hostID = hostID
        self.name = name
        self.vncHost = vncHost
        self.vncPort = vncPort
        self.state = .free
    }

    /// The seat as the broker sees it.
    var snapshot: SeatSnapshot {
        SeatSnapshot(id: SeatID(id?.uuidString ?? ""), state: seatState, lastActivity: lastActivity, idleWarnedAt: idleWarnedAt)
    }

    var seatState: SeatState {
        Self.seatState(state, person: personID, since: stateSince, offeredUntil: offeredUntil)
    }

    /// The broker's state of a seat from its columns.
    static func seatState(_ state: StateName, person personID: UUID?, since stateSince: Date?, offeredUntil: Date?) -> SeatState {
        let since = stateSince ?? Date(timeIntervalSince1970: 0)
        let person = personID.map { PersonKey($0.uuidString) }
        switch (state, person) {
        case (.offered, let person?): return .offered(to: person, until: offeredUntil ?? since)
        case (.inUse, let person?): return .inUse(by: person, since: since)
        case (.disconnected, let person?): return .disconnected(by: person, since: since)
        case (.resetting, _): return .resetting(since: since)
        // a held state without its person (which the unique person index and `set` never write) is a free seat
        case (.free, _), (.offered, nil), (.inUse, nil), (.disconnected, nil): return .free
        }
    }

    /// The columns that store a `SeatState`: its name, its person, since when and (offered) until when; what belonged
    /// to the old state is cleared. The time of last input and of the idle warning are the broker's to set.
    struct StateColumns: Equatable {
        var name: StateName
        var personID: UUID?
        var since: Date?
        var offeredUntil: Date?

        init(name: StateName, personID: UUID?, since: Date?, offeredUntil: Date?) {
            (self.name, self.personID, self.since, self.offeredUntil) = (name, personID, since, offeredUntil)
        }

        init(_ state: SeatState, now: Date) {
            switch state {
            case .free:
                (name, personID, since, offeredUntil) = (.free, nil, nil, nil)
            case .offered(let person, let until):
                (name, personID, since, offeredUntil) = (.offered, UUID(uuidString: person.rawValue), now, until)
            case .inUse(let person, let since):
                (name, personID, self.since, offeredUntil) = (.inUse, UUID(uuidString: person.rawValue), since, nil)
            case .disconnected(let person, let since):
                (name, personID, self.since, offeredUntil) = (.disconnected, UUID(uuidString: person.rawValue), since, nil)
            case .resetting(let since):
                (name, personID, self.since, offeredUntil) = (.resetting, nil, since, nil)
            }
        }
    }
}

/// One person's place in a pool's waiting line; the line is ordered by `position`.
final class DesktopWaitingEntry: Model, @unchecked Sendable {
    static let schema = "desktop_waiting_line"

    @ID(key: .id) var id: UUID?
    @Field(key: "pool_id") var poolID: UUID
    @Field(key: "person_id") var personID: UUID
    @Field(key: "joined_at") var joinedAt: Date
    /// Ascending: the smallest is first in line. Someone whose host failed gets one below the smallest.
    @Field(key: "position") var position: Int

    init() {}

    init(poolID: UUID, personID: UUID, joinedAt: Date, position: Int) {
        self.poolID = poolID
        self.personID = personID
        self.joinedAt = joinedAt
        self.position = position
    }
}

/// One person's time at one seat, from taking it to its reset: the history behind wait estimates.
final class DesktopSession: Model, @unchecked Sendable {
    static let schema = "desktop_sessions"

    @ID(key: .id) var id: UUID?
    @Field(key: "pool_id") var poolID: UUID
    @Field(key: "seat_id") var seatID: UUID
    @Field(key: "person_id") var personID: UUID
    @Field(key: "started_at") var startedAt: Date
    @OptionalField(key: "ended_at") var endedAt: Date?

    init() {}

    init(poolID: UUID, seatID: UUID, personID: UUID, startedAt: Date) {
        self.poolID = poolID
        self.seatID = seatID
        self.personID = personID
        self.startedAt = startedAt
    }
}

/// How full a pool was in one minute: the utilisation chart's data.
final class DesktopPoolSample: Model, @unchecked Sendable {
    static let schema = "desktop_pool_samples"

    @ID(key: .id) var id: UUID?
    @Field(key: "pool_id") var poolID: UUID
    /// The start of the minute.
    @Field(key: "minute") var minute: Date
    @Field(key: "seats") var seats: Int
    @Field(key: "occupied") var occupied: Int
    /// The most people waiting at once in the minute.
    @Field(key: "waiting") var waiting: Int
    /// How many people joined the waiting line in the minute (M035), however soon they got a seat.
    @Field(key: "waited") var waited: Int
    /// How many seats were handed to people from the line in the minute (M035): the rate behind wait estimates.
    @Field(key: "handed_over") var handedOver: Int

    init() {}
}
