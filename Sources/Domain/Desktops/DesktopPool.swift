import Foundation

/// Who a seat or a place in the waiting line belongs to: the person's id in the service, never a patient identifier.
public struct PersonKey: Sendable, Hashable, Codable, ExpressibleByStringLiteral, CustomStringConvertible {
    public let rawValue: String

    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { rawValue = value }
    public var description: String { rawValue }
}

/// One seat (one desktop session) in a pool.
public struct SeatID: Sendable, Hashable, Codable, Comparable, ExpressibleByStringLiteral, CustomStringConvertible {
    public let rawValue: String

    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { rawValue = value }
    public var description: String { rawValue }
    public static func < (lhs: SeatID, rhs: SeatID) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// One machine that runs a pool's seats.
public struct HostID: Sendable, Hashable, Codable, Comparable, ExpressibleByStringLiteral, CustomStringConvertible {
    public let rawValue: String

    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { rawValue = value }
    public var description: String { rawValue }
    public static func < (lhs: HostID, rhs: HostID) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Where one seat stands. A seat that is offered, in use or disconnected belongs to that person and to nobody else.
public enum SeatState: Sendable, Hashable {
    case free
    /// Held for the first person in the waiting line until `until`; then it passes to the next.
    case offered(to: PersonKey, until: Date)
    case inUse(by: PersonKey, since: Date)
    /// The owner closed the browser without signing out: the session, and whatever patient data is on its screen,
    /// stays theirs until they come back, sign out, or the disconnected timeout resets it.
    case disconnected(by: PersonKey, since: Date)
    /// The host is logging the session off and cleaning the desktop; it frees when the host reports it done.
    case resetting(since: Date)

    /// The person the seat belongs to, if any.
    public var holder: PersonKey? {
        switch self {
        case .offered(let person, _), .inUse(let person, _), .disconnected(let person, _): person
        case .free, .resetting: nil
        }
    }

    /// Whether the seat counts towards its host's load: everything but a free seat.
    public var isOccupied: Bool { self != .free }
}

/// What an administrator has said about a host.
public enum HostState: Sendable, Hashable, Codable {
    /// Takes new people.
    case enabled
    /// Keeps the people it has (and lets them come back) but takes nobody new, so that it can be updated once empty.
    case draining
    /// Out of use: takes nobody new.
    case disabled
}

/// What the health checks say about a host.
public enum HostHealth: Sendable, Hashable {
    case healthy
    case unhealthy(since: Date)
}

/// One seat as the broker sees it.
public struct SeatSnapshot: Sendable, Hashable {
    public var id: SeatID
    public var state: SeatState
    /// The last keyboard or mouse input from the viewer, for a seat in use; nil counts as the start of the session.
    public var lastActivity: Date?
    /// When the person was last warned that their idle seat would be disconnected; a warning older than their
    /// last activity no longer counts.
    public var idleWarnedAt: Date?

    public init(id: SeatID, state: SeatState = .free, lastActivity: Date? = nil, idleWarnedAt: Date? = nil) {
        self.id = id
        self.state = state
        self.lastActivity = lastActivity
        self.idleWarnedAt = idleWarnedAt
    }
}

/// One host and its seats.
public struct HostSnapshot: Sendable, Hashable {
    public var id: HostID
    public var state: HostState
    public var health: HostHealth
    public var seats: [SeatSnapshot]

    public init(id: HostID, state: HostState = .enabled, health: HostHealth = .healthy, seats: [SeatSnapshot]) {
        self.id = id
        self.state = state
        self.health = health
        self.seats = seats
    }

    /// Enabled and healthy: the only hosts that take new people.
    public var takesNewPeople: Bool { state == .enabled && health == .healthy }

    /// How many of its seats are not free.
    public var load: Int { seats.count(where: { $0.state.isOccupied }) }
}

/// One person in a pool's waiting line.
public struct WaitingEntry: Sendable, Hashable {
    public var person: PersonKey
    public var joinedAt: Date

    public init(person: PersonKey, joinedAt: Date) {
        self.person = person
        self.joinedAt = joinedAt
    }
}

/// How a pool places people and how long it waits for them.
public struct PoolSettings: Sendable, Hashable {
    public var placement: PlacementPolicy
    /// How long a disconnected seat waits for its owner before it is reset.
    public var disconnectedTimeout: TimeInterval
    /// How long a seat in use may go without input before, while people are waiting, its owner is warned.
    public var idleTimeout: TimeInterval
    /// How long after the idle warning the seat is disconnected if there is still no input.
    public var idleWarningGrace: TimeInterval
    /// How long the first person in line has to take a seat offered to them.
    public var offerLifetime: TimeInterval

    public init(
        placement: PlacementPolicy = .breadthFirst, disconnectedTimeout: TimeInterval = 20 * 60, idleTimeout: TimeInterval = 30 * 60,
        idleWarningGrace: TimeInterval = 5 * 60, offerLifetime: TimeInterval = 120
    ) {
        self.placement = placement
        self.disconnectedTimeout = max(disconnectedTimeout, 0)
        self.idleTimeout = max(idleTimeout, 0)
        self.idleWarningGrace = max(idleWarningGrace, 0)
        self.offerLifetime = max(offerLifetime, 0)
    }
}
