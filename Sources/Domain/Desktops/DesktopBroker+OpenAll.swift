import Foundation

extension DesktopBroker {
    /// What each of `people` gets on opening the pool, in this order, and the pool once each has acted on it: the same
    /// as `open(for:in:now:rng:)` for each in turn, each applied (`PoolSnapshot.applying(_:for:now:)`) before the next,
    /// but without reading the whole waiting line again for each person. At 08:00 one turn places hundreds of people
    /// against a line of hundreds, and each read of the line hashed every name in it.
    public static func openAll(
        _ people: [PersonKey], in snapshot: PoolSnapshot, now: Date, rng: inout some RandomNumberGenerator
    ) -> (decisions: [BrokerDecision], after: PoolSnapshot) {
        var current = snapshot
        // what `open` sees: the pool with every offer that has run out freed
        var view = snapshot
        view.freeExpiredOffers(now: now)
        var line = WaiterOrder(view)
        var freeSeats = Self.freeEligibleSeats(view)
        var decisions: [BrokerDecision] = []
        decisions.reserveCapacity(people.count)
        for person in people {
            let decision: BrokerDecision
            if let seat = line.holders[person] {
                decision = .yourSeat(seat)
            } else {
                let ahead = line.ahead(of: person)
                if freeSeats > ahead, let seat = view.settings.placement.choose(from: view.hosts, using: &rng) {
                    decision = .newSeat(seat)
                } else {
                    decision = .waiting(place: ahead + 1, estimatedWait: estimatedWait(ahead: ahead, in: view))
                }
            }
            decisions.append(decision)
            current = current.applying(decision, for: person, now: now)
            view = view.applying(decision, for: person, now: now)
            switch decision {
            case .yourSeat(let seat), .newSeat(let seat):
                line.seated(person, at: seat)
                freeSeats = Self.freeEligibleSeats(view)
            case .waiting:
                line.joined(person)
            }
        }
        return (decisions, current)
    }

    /// `openAll(_:in:now:rng:)` with the system's random numbers.
    public static func openAll(_ people: [PersonKey], in snapshot: PoolSnapshot, now: Date) -> (decisions: [BrokerDecision], after: PoolSnapshot) {
        var rng = SystemRandomNumberGenerator()
        return openAll(people, in: snapshot, now: now, rng: &rng)
    }

    static func freeEligibleSeats(_ pool: PoolSnapshot) -> Int {
        PlacementPolicy.eligible(pool.hosts).reduce(0) { total, host in total + host.seats.count(where: { $0.state == .free }) }
    }
}

/// The pool's active waiters (`PoolSnapshot.activeWaiters`) kept up to date as people are placed one after another:
/// each has a number in line order, and the count ahead of someone is their number less those ahead who left.
struct WaiterOrder {
    /// Each holder's seat: the first they hold in host order, as `PoolSnapshot.seat(of:)` finds it.
    private(set) var holders: [PersonKey: SeatID] = [:]
    private var number: [PersonKey: Int] = [:]
    private var next = 0
    /// The numbers of those who left the line, ascending.
    private var left: [Int] = []

    init(_ pool: PoolSnapshot) {
        for host in pool.hosts {
            for seat in host.seats {
                if let holder = seat.state.holder, holders[holder] == nil { holders[holder] = seat.id }
            }
        }
        for entry in pool.waitingLine where holders[entry.person] == nil && number[entry.person] == nil {
            number[entry.person] = next
            next += 1
        }
    }

    /// How many active waiters are ahead of `person`: all of them when they are not in line.
    func ahead(of person: PersonKey) -> Int {
        guard let mine = number[person] else { return next - left.count }
        return mine - Self.count(below: mine, in: left)
    }

    /// `person` holds `seat` now, and has left the line if they were in it.
    mutating func seated(_ person: PersonKey, at seat: SeatID) {
        holders[person] = seat
        guard let mine = number.removeValue(forKey: person) else { return }
        left.insert(mine, at: Self.count(below: mine, in: left))
    }

    /// `person` waits: at the end of the line unless they are in it already.
    mutating func joined(_ person: PersonKey) {
        guard number[person] == nil, holders[person] == nil else { return }
        number[person] = next
        next += 1
    }

    /// How many of the ascending `numbers` are below `value`.
    private static func count(below value: Int, in numbers: [Int]) -> Int {
        var (low, high) = (0, numbers.count)
        while low < high {
            let middle = (low + high) / 2
            if numbers[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
