import Domain
import Foundation
import Testing

@Suite struct DesktopBrokerTickTests {
    let t0 = BrokerFixture.t0

    func at(_ seconds: TimeInterval) -> Date { t0.addingTimeInterval(seconds) }

    @Test func offersGoToTheLineInOrder() {
        // setup: three free seats on one host, one on a draining host, four waiting
        let pool = PoolSnapshot(
            hosts: [
                BrokerFixture.host("h", [.free, .inUse(by: "x", since: t0), .free, .free]),
                BrokerFixture.host("d", used: 0, free: 1, state: .draining),
            ],
            waitingLine: BrokerFixture.line(["p1", "p2", "p3", "p4"]), settings: PoolSettings(placement: .depthFirst))
        // MUT
        let actions = DesktopBroker.tick(pool, now: t0)
        // validate: three offers, first come first served, each for two minutes; p4 still waits
        #expect(
            actions == [
                .offer("h-1", to: "p1", until: at(120)), .offer("h-3", to: "p2", until: at(120)),
                .offer("h-4", to: "p3", until: at(120)),
            ])
        let after = pool.applying(actions, now: t0)
        #expect(after.waitingLine.map(\.person) == ["p4"])
        #expect(DesktopBroker.tick(after, now: at(1)) == [])
    }

    @Test func offersExpireAfterTwoMinutesAndPassToTheNext() {
        // setup: one seat comes free with two waiting
        var pool = PoolSnapshot(hosts: [BrokerFixture.host("h", [.free])], waitingLine: BrokerFixture.line(["p1", "p2"]))
        #expect(pool.settings.offerLifetime == 120)
        pool = pool.applying(DesktopBroker.tick(pool, now: t0), now: t0)
        #expect(pool.hosts[0].seats[0].state == .offered(to: "p1", until: at(120)))
        // validate: p1 still has it at 1:59, and can take it
        #expect(DesktopBroker.tick(pool, now: at(119)) == [])
        #expect(DesktopBroker.open(for: "p1", in: pool, now: at(119)) == .yourSeat("h-1"))
        #expect(DesktopBroker.open(for: "p2", in: pool, now: at(119)) == .waiting(place: 1, estimatedWait: nil))
        // MUT: at 2:00 it passes to p2, who has it until 4:00
        let actions = DesktopBroker.tick(pool, now: at(120))
        #expect(actions == [.expireOffer("h-1", "p1"), .offer("h-1", to: "p2", until: at(240))])
        // An offer past its time is not p1's even before the tick runs.
        #expect(DesktopBroker.open(for: "p1", in: pool, now: at(121)) == .waiting(place: 2, estimatedWait: nil))
        pool = pool.applying(actions, now: at(120))
        #expect(pool.waitingLine.isEmpty)
        #expect(DesktopBroker.open(for: "p1", in: pool, now: at(130)) == .waiting(place: 1, estimatedWait: nil))
        // Nobody left waiting: at 4:00 the seat is simply free again.
        #expect(DesktopBroker.tick(pool, now: at(240)) == [.expireOffer("h-1", "p2")])
    }

    @Test func aDisconnectedSeatIsNeverOfferedToAnotherBeforeTheTimeout() {
        // setup: the only seat was left by Dr Patel without signing out; a locum waits
        let settings = PoolSettings(disconnectedTimeout: 20 * 60)
        var pool = PoolSnapshot(
            hosts: [BrokerFixture.host("h", [.disconnected(by: "dr-patel", since: t0)])],
            waitingLine: BrokerFixture.line(["locum"]), settings: settings)
        // validate: every minute up to the timeout, the seat stays Dr Patel's
        for minute in 0..<20 {
            let now = at(Double(minute) * 60 + 59)
            #expect(DesktopBroker.tick(pool, now: now) == [], "minute \(minute)")
            #expect(DesktopBroker.open(for: "locum", in: pool, now: now) == .waiting(place: 1, estimatedWait: nil))
            #expect(DesktopBroker.open(for: "dr-patel", in: pool, now: now) == .yourSeat("h-1"))
        }
        // MUT: at the timeout it is reset, and still offered to nobody while it resets
        let reset = DesktopBroker.tick(pool, now: at(1200))
        #expect(reset == [.reset("h-1")])
        pool = pool.applying(reset, now: at(1200))
        #expect(pool.hosts[0].seats[0].state == .resetting(since: at(1200)))
        #expect(DesktopBroker.tick(pool, now: at(1260)) == [])
        #expect(DesktopBroker.open(for: "dr-patel", in: pool, now: at(1260)) == .waiting(place: 2, estimatedWait: nil))
        // Once clean, it goes to the first in line.
        pool = pool.resetFinished("h-1")
        #expect(DesktopBroker.tick(pool, now: at(1300)) == [.offer("h-1", to: "locum", until: at(1420))])
    }

    @Test func comingBackToADisconnectedSeatKeepsIt() {
        var pool = PoolSnapshot(
            hosts: [BrokerFixture.host("h", [.inUse(by: "dr-patel", since: t0)])], waitingLine: BrokerFixture.line(["locum"]))
        pool = pool.viewerClosed(by: "dr-patel", now: at(60))
        #expect(pool.hosts[0].seats[0].state == .disconnected(by: "dr-patel", since: at(60)))
        let decision = DesktopBroker.open(for: "dr-patel", in: pool, now: at(600))
        #expect(decision == .yourSeat("h-1"))
        pool = pool.applying(decision, for: "dr-patel", now: at(600))
        #expect(pool.hosts[0].seats[0].state == .inUse(by: "dr-patel", since: at(600)))
        // Back in use, the disconnected timeout no longer applies.
        #expect(DesktopBroker.tick(pool, now: at(600 + 20 * 60)) == [])
    }

    @Test func idleSeatsAreLeftAloneWhileNobodyWaits() {
        // setup: both seats idle for three hours
        let hosts = [
            HostSnapshot(
                id: "h",
                seats: [
                    SeatSnapshot(id: "h-1", state: .inUse(by: "gp1", since: t0), lastActivity: t0),
                    SeatSnapshot(id: "h-2", state: .inUse(by: "gp2", since: t0), lastActivity: at(60)),
                ])
        ]
        var pool = PoolSnapshot(hosts: hosts, settings: PoolSettings(idleTimeout: 30 * 60, idleWarningGrace: 5 * 60))
        // validate
        #expect(DesktopBroker.tick(pool, now: at(3 * 3600)) == [])
        // MUT: someone joins the line: only the longest-idle seat is warned
        pool.waitingLine = BrokerFixture.line(["locum"])
        let warning = DesktopBroker.tick(pool, now: at(3 * 3600))
        #expect(warning == [.warnIdle("h-1", "gp1")])
        pool = pool.applying(warning, now: at(3 * 3600))
        // During the grace period nothing more; after it, the seat is disconnected.
        #expect(DesktopBroker.tick(pool, now: at(3 * 3600 + 299)) == [])
        #expect(DesktopBroker.tick(pool, now: at(3 * 3600 + 300)) == [.disconnectIdle("h-1", "gp1")])
        // If the locum gives up first, gp1 keeps the seat although warned.
        var gaveUp = pool
        gaveUp.waitingLine = []
        #expect(DesktopBroker.tick(gaveUp, now: at(3 * 3600 + 300)) == [])
        // A disconnected idle seat is still gp1's until the disconnected timeout.
        pool = pool.applying([.disconnectIdle("h-1", "gp1")], now: at(3 * 3600 + 300))
        #expect(pool.hosts[0].seats[0].state == .disconnected(by: "gp1", since: at(3 * 3600 + 300)))
        #expect(DesktopBroker.open(for: "gp1", in: pool, now: at(3 * 3600 + 400)) == .yourSeat("h-1"))
    }

    @Test func inputAfterTheWarningCancelsIt() {
        let warnedAt = at(3600)
        var seat = SeatSnapshot(id: "h-1", state: .inUse(by: "gp1", since: t0), lastActivity: t0, idleWarnedAt: warnedAt)
        let settings = PoolSettings(idleTimeout: 1800, idleWarningGrace: 300)
        func pool() -> PoolSnapshot {
            PoolSnapshot(hosts: [HostSnapshot(id: "h", seats: [seat])], waitingLine: BrokerFixture.line(["w"]), settings: settings)
        }
        #expect(DesktopBroker.tick(pool(), now: at(3900)) == [.disconnectIdle("h-1", "gp1")])
        // gp1 moved the mouse after the warning: not idle, nothing happens.
        seat.lastActivity = at(3700)
        #expect(DesktopBroker.tick(pool(), now: at(3900)) == [])
        // Idle again for the whole timeout: a fresh warning, not a disconnection on the old one.
        #expect(DesktopBroker.tick(pool(), now: at(3700 + 1800)) == [.warnIdle("h-1", "gp1")])
    }

    @Test func aSeatBeingResetSparesIdleSeats() {
        let pool = PoolSnapshot(
            hosts: [
                HostSnapshot(
                    id: "h",
                    seats: [
                        SeatSnapshot(id: "h-1", state: .resetting(since: at(7000))),
                        SeatSnapshot(id: "h-2", state: .inUse(by: "gp1", since: t0), lastActivity: t0),
                        SeatSnapshot(id: "h-3", state: .inUse(by: "gp2", since: t0), lastActivity: t0),
                    ])
            ],
            waitingLine: BrokerFixture.line(["w1", "w2"]), settings: PoolSettings(idleTimeout: 1800))
        // Two waiting, one seat about to free: one idle seat is warned (h-2, tied on time and first by id).
        #expect(DesktopBroker.tick(pool, now: at(7200)) == [.warnIdle("h-2", "gp1")])
    }

    @Test func idleSeatsOnADrainingHostAreNotWarned() {
        let pool = PoolSnapshot(
            hosts: [BrokerFixture.host("d", [.inUse(by: "gp1", since: t0)], state: .draining)],
            waitingLine: BrokerFixture.line(["w1"]), settings: PoolSettings(idleTimeout: 1800))
        #expect(DesktopBroker.tick(pool, now: at(7200)) == [])
    }

    @Test func signingOutResetsTheSeatForTheNextInLine() {
        // setup
        var pool = PoolSnapshot(
            hosts: [
                BrokerFixture.host(
                    "h", [.inUse(by: "gp1", since: t0), .offered(to: "gp2", until: at(120)), .disconnected(by: "gp3", since: t0)])
            ],
            waitingLine: BrokerFixture.line(["w1", "w2"]))
        // MUT + validate
        #expect(DesktopBroker.signOut("gp1", in: pool) == [.reset("h-1")])
        #expect(DesktopBroker.signOut("gp2", in: pool) == [.expireOffer("h-2", "gp2")])
        #expect(DesktopBroker.signOut("gp3", in: pool) == [.reset("h-3")])
        #expect(DesktopBroker.signOut("w2", in: pool) == [.leaveLine("w2")])
        #expect(DesktopBroker.signOut("stranger", in: pool) == [])
        pool = pool.applying(DesktopBroker.signOut("gp1", in: pool), now: at(30))
        #expect(pool.hosts[0].seats[0].state == .resetting(since: at(30)))
        pool = pool.resetFinished("h-1")
        #expect(DesktopBroker.tick(pool, now: at(60)) == [.offer("h-1", to: "w1", until: at(180))])
    }
}
