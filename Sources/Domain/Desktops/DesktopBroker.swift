import Foundation

/// What a person who opens a pool gets.
public enum BrokerDecision: Sendable, Hashable {
    /// The seat that is already theirs (in use in another tab, disconnected, or offered to them), whatever its host's
    /// state: the session and what is on its screen are there, and nobody holds two seats in one pool.
    case yourSeat(SeatID)
    /// A free seat, chosen by the pool's placement policy. A seat once offered to the person whose offer has run out
    /// is no longer theirs: free it in the same transaction, as `PoolSnapshot.applying(_:for:now:)` does.
    case newSeat(SeatID)
    /// Their place in the waiting line (1 = next) and a rough wait, nil while the pool has no session history.
    case waiting(place: Int, estimatedWait: TimeInterval?)
}

/// A change the app makes to its rows, in the same transaction as it read the snapshot.
public enum BrokerAction: Sendable, Hashable {
    /// Hold a free seat for `person` until `until`, and take them out of the waiting line.
    case offer(SeatID, to: PersonKey, until: Date)
    /// Log the session off and clean the desktop; the seat is `resetting` until the host reports it free.
    case reset(SeatID)
    /// Tell the person at an idle seat that it will be disconnected for someone waiting unless they use it.
    case warnIdle(SeatID, PersonKey)
    /// Close the viewer of a seat still idle after the warning: the seat becomes `disconnected` and stays the
    /// person's until the disconnected timeout, like any other seat its owner left.
    case disconnectIdle(SeatID, PersonKey)
    /// The person did not take an offered seat in time (or turned it down): the seat is free again.
    case expireOffer(SeatID, PersonKey)
    /// Take the person out of the waiting line.
    case leaveLine(PersonKey)
    /// The seat's host stopped answering: the seat (and whatever was on it) is gone, so reset it, and put the person
    /// at the front of the waiting line so that the next free seat is theirs.
    case displace(SeatID, PersonKey)
}

/// The desktop broker's rules as pure functions over a snapshot of one pool, so that the app can apply them inside
/// the database transaction that read the snapshot.
public enum DesktopBroker {
    /// What `person` gets on opening the pool: their own seat, else a free seat if nobody waiting is ahead of them,
    /// else a place in the line (the one they already have, or the end of it).
    public static func open(
        for person: PersonKey, in snapshot: PoolSnapshot, now: Date, rng: inout some RandomNumberGenerator
    ) -> BrokerDecision {
        var pool = snapshot
        pool.freeExpiredOffers(now: now)
        if let seat = pool.seat(of: person) { return .yourSeat(seat) }
        let waiters = pool.activeWaiters
        let ahead = waiters.firstIndex(of: person) ?? waiters.count
        let freeSeats = PlacementPolicy.eligible(pool.hosts).reduce(0) { total, host in
            total + host.seats.count(where: { $0.state == .free })
        }
        if freeSeats > ahead, let seat = pool.settings.placement.choose(from: pool.hosts, using: &rng) {
            return .newSeat(seat)
        }
        return .waiting(place: ahead + 1, estimatedWait: estimatedWait(ahead: ahead, in: pool))
    }

    /// `open(for:in:now:rng:)` with the system's random numbers.
    public static func open(for person: PersonKey, in snapshot: PoolSnapshot, now: Date) -> BrokerDecision {
        var rng = SystemRandomNumberGenerator()
        return open(for: person, in: snapshot, now: now, rng: &rng)
    }

    /// The broker's periodic work, in this order: move the people on unhealthy hosts to the front of the line; expire offers past their time; reset seats disconnected for longer
    /// than the disconnected timeout (never sooner: until then the seat is its owner's); offer free seats to the people
    /// in line, first come first served; and, only while people are still waiting after that, warn and then
    /// disconnect the longest-idle seats, as many as there are people waiting for whom no seat is being reset.
    public static func tick(_ snapshot: PoolSnapshot, now: Date, rng: inout some RandomNumberGenerator) -> [BrokerAction] {
        var pool = snapshot
        var actions = displaceFromUnhealthyHosts(&pool, now: now)
        for (seat, person) in pool.freeExpiredOffers(now: now) {
            actions.append(.expireOffer(seat, person))
            pool.waitingLine.removeAll { $0.person == person }
        }
        for hostIndex in pool.hosts.indices {
            for seatIndex in pool.hosts[hostIndex].seats.indices {
                let seat = pool.hosts[hostIndex].seats[seatIndex]
                guard case .disconnected(_, let since) = seat.state,
                    now.timeIntervalSince(since) >= pool.settings.disconnectedTimeout
                else { continue }
                actions.append(.reset(seat.id))
                pool.hosts[hostIndex].seats[seatIndex].state = .resetting(since: now)
            }
        }
        var stillWaiting = pool.activeWaiters[...]
        while let person = stillWaiting.first, let seat = pool.settings.placement.choose(from: pool.hosts, using: &rng) {
            let until = now.addingTimeInterval(pool.settings.offerLifetime)
            actions.append(.offer(seat, to: person, until: until))
            pool = pool.applying([.offer(seat, to: person, until: until)], now: now)
            stillWaiting = stillWaiting.dropFirst()
        }
        let soonFree = pool.hosts.filter(\.takesNewPeople).reduce(0) { total, host in
            total + host.seats.count(where: { if case .resetting = $0.state { true } else { false } })
        }
        actions += idleActions(in: pool, now: now, demand: stillWaiting.count - soonFree)
        return actions
    }

    /// `tick(_:now:rng:)` with the system's random numbers.
    public static func tick(_ snapshot: PoolSnapshot, now: Date) -> [BrokerAction] {
        var rng = SystemRandomNumberGenerator()
        return tick(snapshot, now: now, rng: &rng)
    }

    /// Signing out of the pool: reset the person's seat (it frees once the host has cleaned it, and goes to the first
    /// in line), turn down a seat offered to them, and take them out of the waiting line.
    public static func signOut(_ person: PersonKey, in snapshot: PoolSnapshot) -> [BrokerAction] {
        var actions: [BrokerAction] = []
        for host in snapshot.hosts {
            for seat in host.seats where seat.state.holder == person {
                if case .offered = seat.state {
                    actions.append(.expireOffer(seat.id, person))
                } else {
                    actions.append(.reset(seat.id))
                }
            }
        }
        if snapshot.waitingLine.contains(where: { $0.person == person }) { actions.append(.leaveLine(person)) }
        return actions
    }

    /// A rough wait for someone with `ahead` people in front of them: with S seats on hosts that take new people and
    /// sessions lasting L on average, a seat frees every L/S, so the wait is (ahead + 1) × L / S. Nil when L is
    /// unknown or no host takes new people.
    public static func estimatedWait(ahead: Int, in snapshot: PoolSnapshot) -> TimeInterval? {
        let seats = snapshot.hosts.filter(\.takesNewPeople).reduce(0) { $0 + $1.seats.count }
        guard let average = snapshot.averageSessionLength, average > 0, seats > 0 else { return nil }
        return Double(max(ahead, 0) + 1) * average / Double(seats)
    }

    /// A wait from the recent hand-over rate: `handedOver` seats went to people from the line in the last `window`, so
    /// the person whose turn is `ahead + 1` hand-overs away waits about (ahead + 1) × window / handedOver. Nil when no
    /// seat has been handed over lately, as the rate is then unknown.
    public static func estimatedWait(ahead: Int, handedOver: Int, within window: TimeInterval) -> TimeInterval? {
        guard handedOver > 0, window > 0 else { return nil }
        return Double(max(ahead, 0) + 1) * window / Double(handedOver)
    }

    /// Every seat held on an unhealthy host is reset and its holder goes to the front of the line, in seat order.
    static func displaceFromUnhealthyHosts(_ pool: inout PoolSnapshot, now: Date) -> [BrokerAction] {
        var actions: [BrokerAction] = []
        for host in pool.hosts {
            guard case .unhealthy = host.health else { continue }
            for seat in host.seats.sorted(by: { $0.id < $1.id }) {
                guard let person = seat.state.holder else { continue }
                actions.append(.displace(seat.id, person))
            }
        }
        // each goes to the front, so the first displaced is applied last and ends up first
        pool = pool.applying(actions.reversed(), now: now)
        return actions
    }

    /// Warnings and disconnections for the `demand` longest-idle seats in use on hosts that take new people (idle
    /// seats elsewhere would free nothing for the people waiting).
    static func idleActions(in pool: PoolSnapshot, now: Date, demand: Int) -> [BrokerAction] {
        guard demand > 0 else { return [] }
        var idle: [(seat: SeatSnapshot, person: PersonKey, lastActivity: Date)] = []
        for host in pool.hosts where host.takesNewPeople {
            for seat in host.seats {
                guard case .inUse(let person, let since) = seat.state else { continue }
                let lastActivity = max(seat.lastActivity ?? since, since)
                if now.timeIntervalSince(lastActivity) >= pool.settings.idleTimeout {
                    idle.append((seat, person, lastActivity))
                }
            }
        }
        idle.sort { ($0.lastActivity, $0.seat.id) < ($1.lastActivity, $1.seat.id) }
        return idle.prefix(demand).compactMap { entry in
            guard let warned = entry.seat.idleWarnedAt, warned >= entry.lastActivity else {
                return .warnIdle(entry.seat.id, entry.person)
            }
            let graceOver = now.timeIntervalSince(warned) >= pool.settings.idleWarningGrace
            return graceOver ? .disconnectIdle(entry.seat.id, entry.person) : nil
        }
    }
}

extension PoolSnapshot {
    /// The people in line who hold no seat, each once, in order.
    public var activeWaiters: [PersonKey] {
        var seen = Set(hosts.flatMap { host in host.seats.compactMap(\.state.holder) })
        return waitingLine.map(\.person).filter { person in seen.insert(person).inserted }
    }

    /// Frees every seat whose offer has run out at `now`, and returns those seats with the person each was offered to.
    @discardableResult
    mutating func freeExpiredOffers(now: Date) -> [(SeatID, PersonKey)] {
        var expired: [(SeatID, PersonKey)] = []
        for hostIndex in hosts.indices {
            for seatIndex in hosts[hostIndex].seats.indices {
                guard case .offered(let person, let until) = hosts[hostIndex].seats[seatIndex].state, now >= until
                else { continue }
                expired.append((hosts[hostIndex].seats[seatIndex].id, person))
                hosts[hostIndex].seats[seatIndex].state = .free
            }
        }
        return expired
    }
}
