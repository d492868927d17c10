import Foundation

/// Everything the broker needs about one pool, read inside the transaction that will apply its decision.
public struct PoolSnapshot: Sendable, Hashable {
    public var hosts: [HostSnapshot]
    /// First come, first served: the front of the line is the first element.
    public var waitingLine: [WaitingEntry]
    public var settings: PoolSettings
    /// The average length of a session in this pool, for wait estimates; nil when not yet known.
    public var averageSessionLength: TimeInterval?

    public init(
        hosts: [HostSnapshot], waitingLine: [WaitingEntry] = [], settings: PoolSettings = PoolSettings(),
        averageSessionLength: TimeInterval? = nil
    ) {
        self.hosts = hosts
        self.waitingLine = waitingLine
        self.settings = settings
        self.averageSessionLength = averageSessionLength
    }

    /// The seat that belongs to `person` (offered, in use or disconnected), on any host whatever its state.
    public func seat(of person: PersonKey) -> SeatID? {
        for host in hosts {
            if let seat = host.seats.first(where: { $0.state.holder == person }) { return seat.id }
        }
        return nil
    }

    /// The seat with this id, and the index of its host and of the seat there.
    func locate(_ seatID: SeatID) -> (host: Int, seat: Int)? {
        for (hostIndex, host) in hosts.enumerated() {
            if let seatIndex = host.seats.firstIndex(where: { $0.id == seatID }) { return (hostIndex, seatIndex) }
        }
        return nil
    }
}
