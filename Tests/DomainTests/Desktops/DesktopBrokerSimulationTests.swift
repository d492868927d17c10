import Domain
import Foundation
import Testing

/// A pool run through thousands of random events (opens, ticks, sign-outs, closed browsers, hosts going in and out of
/// service), checking after each that the broker's promises hold.
@Suite struct DesktopBrokerSimulationTests {
    let people: [PersonKey] = (1...12).map { PersonKey("person-\($0)") }
    let settings = PoolSettings(disconnectedTimeout: 600, idleTimeout: 900, idleWarningGrace: 120, offerLifetime: 120)

    @Test(arguments: [PlacementPolicy.breadthFirst, .depthFirst])
    func promisesHoldThroughABusyMorning(placement: PlacementPolicy) {
        var settings = settings
        settings.placement = placement
        var pool = PoolSnapshot(
            hosts: [
                BrokerFixture.host("a", used: 0, free: 2), BrokerFixture.host("b", used: 0, free: 2),
                BrokerFixture.host("c", used: 0, free: 2),
            ],
            settings: settings, averageSessionLength: 1800)
        var rng = SeededGenerator(seed: placement == .breadthFirst ? 2026 : 2027)
        var now = BrokerFixture.t0
        var signedOut: Set<PersonKey> = []
        for step in 0..<4000 {
            now = now.addingTimeInterval(Double(Int.random(in: 0...90, using: &rng)))
            let before = pool
            let person = people.randomElement(using: &rng)!
            signedOut = []
            switch Int.random(in: 0..<100, using: &rng) {
            case 0..<35:
                let decision = DesktopBroker.open(for: person, in: pool, now: now, rng: &rng)
                checkOpen(decision, for: person, in: before, now: now, step: step)
                pool = pool.applying(decision, for: person, now: now)
            case 35..<60:
                let actions = DesktopBroker.tick(pool, now: now, rng: &rng)
                checkOffers(actions, in: before, now: now, step: step)
                pool = pool.applying(actions, now: now)
            case 60..<70:
                signedOut = [person]
                pool = pool.applying(DesktopBroker.signOut(person, in: pool), now: now)
            case 70..<80:
                pool = pool.viewerClosed(by: person, now: now)
            case 80..<88:
                let resetting = pool.hosts.flatMap(\.seats).filter { if case .resetting = $0.state { true } else { false } }
                if let seat = resetting.randomElement(using: &rng) { pool = pool.resetFinished(seat.id) }
            case 88..<95:
                let hostIndex = Int.random(in: 0..<pool.hosts.count, using: &rng)
                pool.hosts[hostIndex].state = [.enabled, .enabled, .draining, .disabled].randomElement(using: &rng)!
                pool.hosts[hostIndex].health = Bool.random(using: &rng) ? .healthy : .unhealthy(since: now)
            default:
                for host in pool.hosts.indices {
                    for seat in pool.hosts[host].seats.indices where Bool.random(using: &rng) {
                        pool.hosts[host].seats[seat].lastActivity = now
                    }
                }
            }
            checkInvariants(before: before, after: pool, now: now, signedOut: signedOut, step: step)
        }
    }

    /// A new seat is a free one (or one whose offer ran out) on a host that takes new people, for someone who holds
    /// no other seat.
    func checkOpen(_ decision: BrokerDecision, for person: PersonKey, in pool: PoolSnapshot, now: Date, step: Int) {
        guard case .newSeat(let seatID) = decision else { return }
        let host = pool.hosts.first { $0.seats.contains { $0.id == seatID } }
        #expect(host?.takesNewPeople == true, "step \(step)")
        let seat = host?.seats.first { $0.id == seatID }
        switch seat?.state {
        case .free: break
        case .offered(_, let until): #expect(until <= now, "step \(step): took someone's offer")
        default: Issue.record("step \(step): gave out a seat that was \(String(describing: seat?.state))")
        }
        let held = pool.hosts.flatMap(\.seats).filter { seat in
            if case .offered(_, let until) = seat.state, until <= now { return false }
            return seat.state.holder == person
        }
        #expect(held.isEmpty, "step \(step): \(person) already had a seat")
    }

    /// Offers go to the people in line who hold no seat, front first.
    func checkOffers(_ actions: [BrokerAction], in pool: PoolSnapshot, now: Date, step: Int) {
        var expired: Set<PersonKey> = []
        var offered: [PersonKey] = []
        for action in actions {
            if case .expireOffer(_, let person) = action { expired.insert(person) }
            if case .offer(_, let person, let until) = action {
                offered.append(person)
                #expect(until == now.addingTimeInterval(120), "step \(step)")
            }
        }
        // people whose host failed go to the front of the line first, in the order the broker displaced them
        let displaced = actions.compactMap { action -> PersonKey? in
            if case .displace(_, let person) = action { person } else { nil }
        }
        let rest = pool.waitingLine.map(\.person).filter { !expired.contains($0) && pool.seat(of: $0) == nil && !displaced.contains($0) }
        let waiting = displaced + rest
        #expect(offered == Array(waiting.prefix(offered.count)), "step \(step)")
    }

    func checkInvariants(before: PoolSnapshot, after: PoolSnapshot, now: Date, signedOut: Set<PersonKey>, step: Int) {
        // One seat per person.
        let holders = after.hosts.flatMap(\.seats).compactMap(\.state.holder)
        #expect(holders.count == Set(holders).count, "step \(step): \(holders)")
        // The line keeps its order: people leave from anywhere, join only at the end, and appear once.
        let line = after.waitingLine.map(\.person)
        #expect(line.count == Set(line).count, "step \(step)")
        let stayed = line.filter { person in before.waitingLine.contains { $0.person == person } }
        #expect(stayed == before.waitingLine.map(\.person).filter { stayed.contains($0) }, "step \(step)")
        // only people whose host stopped answering join ahead of those already waiting
        let failedHosts = before.hosts.filter { if case .unhealthy = $0.health { true } else { false } }
        let displaced = line.prefix { person in failedHosts.contains { $0.seats.contains { $0.state.holder == person } } }
        #expect(line.dropFirst(displaced.count).starts(with: stayed), "step \(step): someone joined ahead of people already waiting")
        // A disconnected seat stays its owner's until they come back, sign out, or the timeout passes.
        for (oldHost, newHost) in zip(before.hosts, after.hosts) {
            for (old, new) in zip(oldHost.seats, newHost.seats) {
                guard case .disconnected(let owner, let since) = old.state, new.state != old.state else { continue }
                switch new.state {
                case .inUse(let person, _):
                    #expect(person == owner, "step \(step)")
                case .resetting:
                    let timedOut = now.timeIntervalSince(since) >= 600
                    let hostFailed = if case .unhealthy = oldHost.health { true } else { false }
                    #expect(timedOut || signedOut.contains(owner) || hostFailed, "step \(step): reset early")
                default:
                    Issue.record("step \(step): a disconnected seat became \(new.state)")
                }
            }
        }
    }
}
