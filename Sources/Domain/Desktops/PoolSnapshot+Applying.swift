import Foundation

/// What each broker decision and action means for a pool, spelt out once: the app makes the same changes to its rows,
/// and tests use these to run a pool through a day.
extension PoolSnapshot {
    /// The pool once `actions` have been carried out at `now`. Actions on seats that are not in the pool do nothing.
    public func applying(_ actions: [BrokerAction], now: Date) -> PoolSnapshot {
        var pool = self
        for action in actions {
            switch action {
            case .offer(let seat, let person, let until):
                pool.update(seat) { $0 = SeatSnapshot(id: $0.id, state: .offered(to: person, until: until)) }
                pool.waitingLine.removeAll { $0.person == person }
            case .reset(let seat):
                pool.update(seat) { $0 = SeatSnapshot(id: $0.id, state: .resetting(since: now)) }
            case .warnIdle(let seat, _):
                pool.update(seat) { $0.idleWarnedAt = now }
            case .disconnectIdle(let seat, let person):
                pool.update(seat) { $0 = SeatSnapshot(id: $0.id, state: .disconnected(by: person, since: now)) }
            case .expireOffer(let seat, _):
                pool.update(seat) { $0 = SeatSnapshot(id: $0.id, state: .free) }
            case .leaveLine(let person):
                pool.waitingLine.removeAll { $0.person == person }
            case .displace(let seat, let person):
                pool.update(seat) { $0 = SeatSnapshot(id: $0.id, state: .resetting(since: now)) }
                pool.waitingLine.removeAll { $0.person == person }
                pool.waitingLine.insert(WaitingEntry(person: person, joinedAt: now), at: 0)
            }
        }
        return pool
    }

    /// The pool once `person` has acted on what `open` told them at `now`: they sit at their own or a new seat (and any
    /// offer to them that has run out is freed), or they join the end of the line unless they already have a place in it.
    public func applying(_ decision: BrokerDecision, for person: PersonKey, now: Date) -> PoolSnapshot {
        var pool = self
        switch decision {
        case .yourSeat(let seat), .newSeat(let seat):
            for host in pool.hosts {
                for stale in host.seats {
                    guard case .offered(person, let until) = stale.state, until <= now, stale.id != seat else { continue }
                    pool.update(stale.id) { $0 = SeatSnapshot(id: $0.id, state: .free) }
                }
            }
            pool.update(seat) { current in
                var since = now
                if case .inUse(person, let earlier) = current.state { since = earlier }
                current = SeatSnapshot(id: current.id, state: .inUse(by: person, since: since), lastActivity: now)
            }
            pool.waitingLine.removeAll { $0.person == person }
        case .waiting:
            if !pool.waitingLine.contains(where: { $0.person == person }) {
                pool.waitingLine.append(WaitingEntry(person: person, joinedAt: now))
            }
        }
        return pool
    }

    /// The pool once the host has finished cleaning a seat that was resetting: the seat is free for the next tick to offer.
    public func resetFinished(_ seat: SeatID) -> PoolSnapshot {
        var pool = self
        pool.update(seat) { current in
            if case .resetting = current.state { current = SeatSnapshot(id: current.id, state: .free) }
        }
        return pool
    }

    /// The pool once `person` has closed their viewer without signing out: their seat in use becomes disconnected.
    public func viewerClosed(by person: PersonKey, now: Date) -> PoolSnapshot {
        var pool = self
        guard let seat = seat(of: person) else { return pool }
        pool.update(seat) { current in
            if case .inUse = current.state {
                current = SeatSnapshot(id: current.id, state: .disconnected(by: person, since: now))
            }
        }
        return pool
    }

    private mutating func update(_ seatID: SeatID, _ change: (inout SeatSnapshot) -> Void) {
        guard let (host, seat) = locate(seatID) else { return }
        change(&hosts[host].seats[seat])
    }
}
