import Domain
import Foundation
import Testing

@Suite struct TokenBucketTests {
    let start = Date(timeIntervalSince1970: 1_780_000_000)
    let rule = TokenBucket.Rule(capacity: 5, refillInterval: 600)

    func at(_ seconds: TimeInterval) -> Date { start.addingTimeInterval(seconds) }

    @Test func aFreshClientGetsTheWholeBurstThenWaitsOneInterval() {
        // setup
        var bucket = TokenBucket(rule: rule, now: start)
        // MUT
        let burst = (0..<5).map { _ in bucket.take(at: start) }
        let next = bucket.take(at: start)
        // validate
        #expect(burst == Array(repeating: .allowed, count: 5))
        #expect(next == .retryAfter(seconds: 600))
    }

    @Test func oneTokenComesBackPerInterval() {
        // setup: an empty bucket
        var bucket = TokenBucket(rule: rule, now: start)
        for _ in 0..<5 { _ = bucket.take(at: start) }
        // MUT and validate: half an interval on, half the wait is left; a whole interval on, one more is allowed
        #expect(bucket.take(at: at(300)) == .retryAfter(seconds: 300))
        #expect(bucket.take(at: at(599)) == .retryAfter(seconds: 1))
        #expect(bucket.take(at: at(600)) == .allowed)
        #expect(bucket.take(at: at(600)) == .retryAfter(seconds: 600))
        #expect(bucket.take(at: at(1200)) == .allowed)
    }

    @Test func aRefusalTakesNothing() {
        // setup
        var bucket = TokenBucket(rule: rule, now: start)
        for _ in 0..<5 { _ = bucket.take(at: start) }
        // MUT: a client that keeps knocking
        for second in stride(from: 0.0, to: 600, by: 10) {
            #expect(bucket.take(at: at(second)) == .retryAfter(seconds: Int(600 - second)))
        }
        // validate: knocking did not push its next token back
        #expect(bucket.take(at: at(600)) == .allowed)
    }

    @Test func aLongRestRefillsOnlyToCapacity() {
        // setup
        var bucket = TokenBucket(rule: rule, now: start)
        _ = bucket.take(at: start)
        // MUT: a day later
        let day = at(86_400)
        #expect(bucket.tokens(at: day) == 5)
        let burst = (0..<6).map { _ in bucket.take(at: day) }
        // validate
        #expect(burst.filter { $0 == .allowed }.count == 5)
        #expect(burst.last == .retryAfter(seconds: 600))
    }

    @Test func overAnHourAClientGetsTheBurstPlusOnePerInterval() {
        // setup
        var bucket = TokenBucket(rule: rule, now: start)
        // MUT: an attempt every second for an hour
        let allowed = (0..<3600).filter { bucket.take(at: at(TimeInterval($0))) == .allowed }.count
        // validate: 5 at once, then one at 600, 1200, ... 3000 s
        #expect(allowed == 5 + 5)
    }

    @Test func aClockThatGoesBackwardsAddsNothing() {
        // setup
        var bucket = TokenBucket(rule: rule, now: start)
        for _ in 0..<5 { _ = bucket.take(at: start) }
        // MUT: the clock steps back an hour, then on again
        let back = bucket.take(at: at(-3600))
        // validate: still empty, still a positive wait; and time lost is not credited twice
        #expect(back == .retryAfter(seconds: 600))
        #expect(bucket.take(at: at(599)) == .retryAfter(seconds: 1))
        #expect(bucket.take(at: at(600)) == .allowed)
    }

    @Test func fractionalWaitsRoundUpToWholeSeconds() {
        // setup: a token every 1.5 s
        var bucket = TokenBucket(rule: TokenBucket.Rule(capacity: 1, refillInterval: 1.5), now: start)
        _ = bucket.take(at: start)
        // MUT and validate
        #expect(bucket.take(at: start) == .retryAfter(seconds: 2))
        #expect(bucket.take(at: at(1)) == .retryAfter(seconds: 1))
        #expect(bucket.take(at: at(1.5)) == .allowed)
    }

    @Test func fullMeansTheSameAsFresh() {
        // setup
        var bucket = TokenBucket(rule: rule, now: start)
        #expect(bucket.isFull(at: start))
        // MUT
        _ = bucket.take(at: start)
        // validate: not full until the token is back
        #expect(!bucket.isFull(at: at(599)))
        #expect(bucket.isFull(at: at(600)))
    }

    @Test func aRuleHasAtLeastOneTokenAndAPositiveInterval() {
        let odd = TokenBucket.Rule(capacity: 0, refillInterval: -5)
        #expect(odd.capacity == 1)
        #expect(odd.refillInterval > 0)
        #expect(TokenBucket.Rule(capacity: 1, refillInterval: .infinity).refillInterval > 0)
    }

    @Test func rulesAreReadFromBurstAndRefillTime() throws {
        #expect(try TokenBucket.Rule(parsing: "5/10m") == TokenBucket.Rule(capacity: 5, refillInterval: 600))
        #expect(try TokenBucket.Rule(parsing: " 60 / 2s ") == TokenBucket.Rule(capacity: 60, refillInterval: 2))
        #expect(try TokenBucket.Rule(parsing: "3/1H") == TokenBucket.Rule(capacity: 3, refillInterval: 3600))
        #expect(try TokenBucket.Rule(parsing: "5/10m").description == "a burst of 5, then 1 every 10 minutes")
        #expect(try TokenBucket.Rule(parsing: "1/1h").description == "a burst of 1, then 1 every hour")
        #expect(try TokenBucket.Rule(parsing: "60/2s").description == "a burst of 60, then 1 every 2 seconds")
    }

    @Test(arguments: ["", "5", "5/", "/10m", "five/10m", "5/10", "5/10d", "5/m", "5/1.5m", "5/10m/2", "5/-1m"])
    func badRulesAreRefusedWithAnExample(text: String) {
        #expect(throws: TokenBucketRuleError.notARule(text)) { try TokenBucket.Rule(parsing: text) }
        #expect(TokenBucketRuleError.notARule(text).message.contains("such as 5/10m"))
    }

    @Test func burstsAndIntervalsOutOfRangeAreRefused() {
        #expect(throws: TokenBucketRuleError.burstOutOfRange(0)) { try TokenBucket.Rule(parsing: "0/10m") }
        #expect(throws: TokenBucketRuleError.burstOutOfRange(2_000_000)) { try TokenBucket.Rule(parsing: "2000000/1s") }
        #expect(throws: TokenBucketRuleError.intervalOutOfRange("0s")) { try TokenBucket.Rule(parsing: "5/0s") }
        #expect(throws: TokenBucketRuleError.intervalOutOfRange("25h")) { try TokenBucket.Rule(parsing: "5/25h") }
        #expect(throws: TokenBucketRuleError.intervalOutOfRange("99999999999999h")) { try TokenBucket.Rule(parsing: "5/99999999999999h") }
    }
}
