import Domain
import Foundation
import Testing

/// When a host stops answering, its people lose their seats (the desktops are gone) and go to the front of the line.
@Suite struct DesktopBrokerDisplaceTests {
    let t0 = BrokerFixture.t0

    @Test func peopleOnAFailedHostAreFirstInLineAndOfferedTheNextFreeSeats() {
        // setup: h1 failed with two people on it; h2 has one free seat; Wes was already waiting
        let failed = BrokerFixture.host(
            "h1", [.inUse(by: "ann", since: t0), .disconnected(by: "bob", since: t0)], health: .unhealthy(since: t0))
        let healthy = BrokerFixture.host("h2", [.free, .inUse(by: "cat", since: t0)])
        let pool = PoolSnapshot(hosts: [failed, healthy], waitingLine: BrokerFixture.line(["wes"]))
        // MUT
        let now = t0.addingTimeInterval(30)
        let actions = DesktopBroker.tick(pool, now: now)
        let after = pool.applying(actions, now: now)
        // validate: both seats are reset, Ann (first displaced) is offered h2's free seat, Bob and then Wes wait
        #expect(actions.contains(.displace("h1-1", "ann")))
        #expect(actions.contains(.displace("h1-2", "bob")))
        #expect(actions.contains(.offer("h2-1", to: "ann", until: now.addingTimeInterval(120))))
        #expect(after.waitingLine.map(\.person) == ["bob", "wes"])
        #expect(after.hosts[0].seats.allSatisfy { if case .resetting = $0.state { true } else { false } })
    }

    @Test func aHealthyHostKeepsItsPeople() {
        // setup
        let pool = PoolSnapshot(hosts: [BrokerFixture.host("h1", used: 2, free: 0)], waitingLine: BrokerFixture.line(["wes"]))
        // MUT
        let actions = DesktopBroker.tick(pool, now: t0.addingTimeInterval(30))
        // validate
        #expect(!actions.contains { if case .displace = $0 { true } else { false } })
    }

    @Test func aFreeSeatOnAFailedHostIsNotOffered() {
        // setup
        let pool = PoolSnapshot(
            hosts: [BrokerFixture.host("h1", [.free], health: .unhealthy(since: t0))], waitingLine: BrokerFixture.line(["wes"]))
        // MUT
        let actions = DesktopBroker.tick(pool, now: t0.addingTimeInterval(30))
        // validate
        #expect(actions.isEmpty)
    }
}

/// Keyboard and mouse input is told apart from a viewer's own requests for screen updates.
@Suite struct RFBInputScannerTests {
    static let updateRequest: [UInt8] = [3, 1, 0, 0, 0, 0, 0x05, 0x00, 0x03, 0x20]
    static let pointer: [UInt8] = [5, 0, 0, 10, 0, 20]
    static let key: [UInt8] = [4, 1, 0, 0, 0, 0, 0, 0x61]

    @Test func updateRequestsAreNotInput() {
        var scanner = RFBInputScanner()
        let read1 = scanner.scan(Self.updateRequest + Self.updateRequest)
        #expect(!read1)
    }

    @Test func inputIsSeenWhateverTheFrameBoundaries() {
        var scanner = RFBInputScanner()
        let cut: [UInt8] = [6, 0, 0, 0, 0, 0, 0, 2, 0x68, 0x69]
        let stream = Self.updateRequest + cut + Self.updateRequest
        let read1 = scanner.scan(stream.prefix(13))  // the update request and the first 3 bytes of the paste's header
        #expect(!read1)
        let read2 = scanner.scan(stream.dropFirst(13).prefix(5))
        #expect(read2)
        let read3 = scanner.scan(stream.dropFirst(18))
        #expect(!read3)
        let read4 = scanner.scan(Self.pointer + Self.key)
        #expect(read4)
    }

    @Test func aPastedTextIsSkippedByItsLength() {
        // setup: ClientCutText with 5 bytes of text whose bytes look like message types
        var scanner = RFBInputScanner()
        let cut: [UInt8] = [6, 0, 0, 0, 0, 0, 0, 5] + [3, 3, 3, 3, 3]
        // MUT / validate: the text is input, and the update request after it is read as one
        let read6 = scanner.scan(cut)
        #expect(read6)
        let read7 = scanner.scan(Self.updateRequest)
        #expect(!read7)
        #expect(!scanner.lost)
    }

    @Test func anUnknownMessageCountsEverythingAfterAsInput() {
        var scanner = RFBInputScanner()
        let read8 = scanner.scan([99, 0, 0])
        #expect(read8)
        #expect(scanner.lost)
        let read9 = scanner.scan(Self.updateRequest)
        #expect(read9)
    }
}
