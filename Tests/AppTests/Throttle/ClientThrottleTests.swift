import Domain
import Foundation
import Testing

@testable import App

/// The buckets of one instance: all or nothing across the buckets of one form, on an injected clock, bounded in memory.
@Suite struct ClientThrottleTests {
    let rule = TokenBucket.Rule(capacity: 2, refillInterval: 600)

    func demand(_ value: String, _ purpose: ThrottlePurpose = .patientRequest, rule: TokenBucket.Rule? = nil) -> ClientThrottle.Demand {
        .init(key: .init(purpose: purpose, value: value), rule: rule ?? self.rule)
    }

    @Test func aRefusalByOneBucketTakesNothingFromTheOthers() async {
        // setup: the contact's bucket is empty, the address's full
        let throttle = ClientThrottle(maximumKeys: 1_000, clock: { Date(timeIntervalSince1970: 1_780_000_000) })
        for _ in 0..<2 { _ = await throttle.take([demand("contact")]) }
        // MUT
        let both = await throttle.take([demand("address"), demand("contact")])
        // validate: refused, and the address still has its whole burst
        #expect(both == .retryAfter(seconds: 600))
        #expect(await throttle.take([demand("address")]) == .allowed)
        #expect(await throttle.take([demand("address")]) == .allowed)
        #expect(await throttle.take([demand("address")]) == .retryAfter(seconds: 600))
    }

    @Test func purposesCountApart() async {
        // setup: one address has used up its sign-in attempts
        let throttle = ClientThrottle(maximumKeys: 1_000, clock: { Date(timeIntervalSince1970: 1_780_000_000) })
        for _ in 0..<2 { _ = await throttle.take([demand("address:192.0.2.1", .signInPassword)]) }
        // MUT and validate: it may still send a request
        #expect(await throttle.take([demand("address:192.0.2.1", .signInPassword)]) != .allowed)
        #expect(await throttle.take([demand("address:192.0.2.1", .patientRequest)]) == .allowed)
    }

    @Test func bucketsRefillOnTheInjectedClock() async {
        // setup
        let clock = TestClock(Date(timeIntervalSince1970: 1_780_000_000))
        let throttle = ClientThrottle(maximumKeys: 1_000, clock: { clock.now })
        for _ in 0..<2 { _ = await throttle.take([demand("address")]) }
        // MUT and validate
        clock.advance(by: 599)
        #expect(await throttle.take([demand("address")]) == .retryAfter(seconds: 1))
        clock.advance(by: 1)
        #expect(await throttle.take([demand("address")]) == .allowed)
    }

    @Test func aFloodOfDistinctKeysDoesNotGrowMemoryWithoutBound() async {
        // setup: room for 1,000 buckets
        let clock = TestClock(Date(timeIntervalSince1970: 1_780_000_000))
        let throttle = ClientThrottle(maximumKeys: 1_000, clock: { clock.now })
        // MUT: 50,000 clients, one request each, a millisecond apart
        var most = 0
        for number in 0..<50_000 {
            clock.advance(by: 0.001)
            #expect(await throttle.take([demand("address:\(number)")]) == .allowed)
            most = max(most, await throttle.trackedKeys)
        }
        // validate
        #expect(most <= 1_000)
    }

    @Test func whenMemoryIsShortTheEmptiestBucketsAreKept() async {
        // setup: one client drains its bucket, then 5,000 others send once each (capacity 2, so none is full)
        let clock = TestClock(Date(timeIntervalSince1970: 1_780_000_000))
        let throttle = ClientThrottle(maximumKeys: 1_000, clock: { clock.now })
        for _ in 0..<2 { _ = await throttle.take([demand("address:flooder")]) }
        for number in 0..<5_000 { _ = await throttle.take([demand("address:\(number)")]) }
        // MUT
        let flooder = await throttle.take([demand("address:flooder")])
        // validate: the flooder was not forgotten to make room
        #expect(flooder == .retryAfter(seconds: 600))
        #expect(await throttle.trackedKeys <= 1_000)
    }

    @Test func fullBucketsAreForgotten() async {
        // setup: 900 clients send once; ten minutes later every bucket is full again
        let clock = TestClock(Date(timeIntervalSince1970: 1_780_000_000))
        let throttle = ClientThrottle(maximumKeys: 1_000, clock: { clock.now })
        let oneToken = TokenBucket.Rule(capacity: 1, refillInterval: 600)
        for number in 0..<900 { _ = await throttle.take([demand("address:\(number)", rule: oneToken)]) }
        clock.advance(by: 600)
        // MUT: the next new clients make the throttle sweep
        for number in 900..<1_100 { _ = await throttle.take([demand("address:\(number)", rule: oneToken)]) }
        // validate: only buckets still counting something are held
        #expect(await throttle.trackedKeys <= 200)
    }
}
