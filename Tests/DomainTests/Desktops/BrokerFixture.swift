import Domain
import Foundation

/// Pools for the broker tests, built seat by seat so that each test says what it starts from.
enum BrokerFixture {
    /// 1 September 2026 08:00 UTC, a Tuesday morning.
    static let t0 = Date(timeIntervalSince1970: 1_788_249_600)

    /// A host `id` with seats "\(id)-1", "\(id)-2", … in the given states.
    static func host(
        _ id: String, _ states: [SeatState], state: HostState = .enabled, health: HostHealth = .healthy
    ) -> HostSnapshot {
        HostSnapshot(
            id: HostID(id), state: state, health: health,
            seats: states.enumerated().map { SeatSnapshot(id: SeatID("\(id)-\($0.offset + 1)"), state: $0.element) })
    }

    /// A host with `used` seats in use (by "\(id)-user-1", …) followed by `free` free seats.
    static func host(
        _ id: String, used: Int, free: Int, state: HostState = .enabled, health: HostHealth = .healthy
    ) -> HostSnapshot {
        let inUse = (0..<used).map { SeatState.inUse(by: PersonKey("\(id)-user-\($0 + 1)"), since: t0) }
        return host(id, inUse + Array(repeating: .free, count: free), state: state, health: health)
    }

    /// A waiting line of these people, who joined a minute apart in this order.
    static func line(_ people: [PersonKey]) -> [WaitingEntry] {
        people.enumerated().map { WaitingEntry(person: $0.element, joinedAt: t0.addingTimeInterval(Double($0.offset) * 60)) }
    }

    /// The host of a seat named by `host(_:…)`: "h2-3" → "h2".
    static func hostName(of seat: SeatID) -> String {
        String(seat.rawValue.split(separator: "-").first ?? "")
    }

    /// The seat that `decision` hands out, if any.
    static func seat(_ decision: BrokerDecision) -> SeatID? {
        switch decision {
        case .yourSeat(let seat), .newSeat(let seat): seat
        case .waiting: nil
        }
    }
}

/// SplitMix64: a small seeded generator, so that "random" placements repeat from run to run.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
