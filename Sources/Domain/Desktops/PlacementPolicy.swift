import Foundation

/// How a pool picks the seat for someone who has none. Only hosts that are enabled and healthy and have a free seat
/// take part; a host's load is the share of its seats that are not free, so that a big host and a small one compare
/// fairly.
public enum PlacementPolicy: Sendable, Hashable, Codable {
    /// Spread people over the hosts: a random free seat among the least-loaded half of the hosts. Random rather than
    /// always the emptiest, so that a burst of sign-ins at 8am does not all land on one host before its load is counted.
    case breadthFirst
    /// Fill one host before starting the next: the first free seat on the fullest host that still has one, so that
    /// quiet hosts stay empty and can be drained or switched off.
    case depthFirst

    /// The seat for someone new, or nil when no host that takes new people has a free seat.
    public func choose(from hosts: [HostSnapshot], using rng: inout some RandomNumberGenerator) -> SeatID? {
        switch self {
        case .breadthFirst:
            let freeSeats = Self.leastLoadedHalf(of: hosts).flatMap { host in
                host.seats.filter { $0.state == .free }.map(\.id)
            }
            return freeSeats.randomElement(using: &rng)
        case .depthFirst:
            let candidates = Self.eligible(hosts).sorted { a, b in
                let order = Self.compareLoad(a, b)
                return order == 0 ? a.id < b.id : order > 0
            }
            return candidates.first?.seats.filter { $0.state == .free }.map(\.id).min()
        }
    }

    /// The hosts a breadth-first choice draws from: the less-loaded half (rounded up) of the hosts that take new people
    /// and have a free seat, and any host as lightly loaded as the last one of that half.
    public static func leastLoadedHalf(of hosts: [HostSnapshot]) -> [HostSnapshot] {
        let sorted = eligible(hosts).sorted { a, b in
            let order = compareLoad(a, b)
            return order == 0 ? a.id < b.id : order < 0
        }
        guard !sorted.isEmpty else { return [] }
        let boundary = sorted[(sorted.count + 1) / 2 - 1]
        return sorted.filter { compareLoad($0, boundary) <= 0 }
    }

    /// Hosts that are enabled, healthy and have at least one free seat.
    static func eligible(_ hosts: [HostSnapshot]) -> [HostSnapshot] {
        hosts.filter { host in host.takesNewPeople && host.seats.contains { $0.state == .free } }
    }

    /// -1, 0 or 1 as `a` is less, as or more loaded than `b`, comparing shares of occupied seats without rounding.
    static func compareLoad(_ a: HostSnapshot, _ b: HostSnapshot) -> Int {
        let left = a.load * max(b.seats.count, 1)
        let right = b.load * max(a.seats.count, 1)
        return left < right ? -1 : (left == right ? 0 : 1)
    }
}
