import Domain
import Foundation
import Testing

/// Placing a group together (`DesktopBroker.openAll`) gives each person what opening one after another gives, and
/// leaves the pool as applying each of those answers in turn leaves it: checked over a thousand random pools, with
/// offers run out and not, holders in line, people in line twice, hosts out of service, and people who open twice.
@Suite struct DesktopBrokerOpenAllTests {
    static let now = Date(timeIntervalSince1970: 1_796_000_000)
    static let people: [PersonKey] = (1...14).map { PersonKey("person-\($0)") }

    @Test(arguments: [PlacementPolicy.breadthFirst, .depthFirst])
    func aGroupGetsWhatEachWouldGetInTurn(placement: PlacementPolicy) {
        var random = SeededGenerator(seed: placement == .breadthFirst ? 11 : 12)
        var placedSomeone = false, seatedSomeoneInLine = false
        for _ in 0..<1_000 {
            let pool = Self.randomPool(placement: placement, using: &random)
            let group = (0..<Int.random(in: 0...10, using: &random)).map { _ in Self.people.randomElement(using: &random)! }
            // MUT: the group together, and one after another from the same random numbers
            let seed = random.next()
            var together = SeededGenerator(seed: seed)
            let (decisions, after) = DesktopBroker.openAll(group, in: pool, now: Self.now, rng: &together)
            var oneByOne = SeededGenerator(seed: seed)
            var expected: [BrokerDecision] = []
            var snapshot = pool
            for person in group {
                let decision = DesktopBroker.open(for: person, in: snapshot, now: Self.now, rng: &oneByOne)
                expected.append(decision)
                snapshot = snapshot.applying(decision, for: person, now: Self.now)
            }
            // validate
            #expect(decisions == expected, "\(pool) \(group)")
            #expect(after == snapshot, "\(pool) \(group)")
            if expected.contains(where: { if case .newSeat = $0 { true } else { false } }) { placedSomeone = true }
            for (person, decision) in zip(group, expected) where pool.waitingLine.contains(where: { $0.person == person }) {
                if case .newSeat = decision { seatedSomeoneInLine = true }
            }
        }
        // the random pools reached the cases that matter
        #expect(placedSomeone && seatedSomeoneInLine)
    }

    /// Up to four hosts of up to five seats in any state, and a line of up to eight (holders and repeats among them).
    static func randomPool(placement: PlacementPolicy, using random: inout SeededGenerator) -> PoolSnapshot {
        var seatNumber = 0
        let hosts = (0..<Int.random(in: 1...4, using: &random)).map { h in
            let seats = (0..<Int.random(in: 0...5, using: &random)).map { _ in
                seatNumber += 1
                let person = people.randomElement(using: &random)!
                let state: SeatState =
                    switch Int.random(in: 0..<7, using: &random) {
                    case 0, 1, 2: .free
                    case 3: .offered(to: person, until: now + (Bool.random(using: &random) ? 60 : -60))
                    case 4: .inUse(by: person, since: now - 600)
                    case 5: .disconnected(by: person, since: now - 60)
                    default: .resetting(since: now - 30)
                    }
                return SeatSnapshot(id: SeatID("seat-\(seatNumber)"), state: state)
            }
            let state: HostState = [.enabled, .enabled, .enabled, .draining, .disabled].randomElement(using: &random)!
            let health: HostHealth = Int.random(in: 0..<5, using: &random) == 0 ? .unhealthy(since: now - 10) : .healthy
            return HostSnapshot(id: HostID("host-\(h)"), state: state, health: health, seats: seats)
        }
        let line = (0..<Int.random(in: 0...8, using: &random)).map { index in
            WaitingEntry(person: people.randomElement(using: &random)!, joinedAt: now - Double(100 - index))
        }
        return PoolSnapshot(
            hosts: hosts, waitingLine: line, settings: PoolSettings(placement: placement),
            averageSessionLength: Bool.random(using: &random) ? 1800 : nil)
    }
}
