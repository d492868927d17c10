import Domain
import Foundation
import Testing

@Suite struct RetryAdviceTests {
    func date(_ text: String) throws -> Date { try #require(ISO8601DateFormatter().date(from: text)) }

    @Test func waitsRoundUpToWholeMinutesAndTheFollowingMinute() throws {
        // setup: 26 November is GMT
        let now = try date("2026-11-26T14:25:10Z")
        // MUT
        let advice = RetryAdvice(retryAfterSeconds: 420, now: now)
        // validate: allowed from 14:32:10, so "after 14:33" is always safe
        #expect(advice.minutes == 7)
        #expect(advice.after == (try date("2026-11-26T14:33:00Z")))
        #expect(advice.sentence(now: now) == "Try again in 7 minutes, after 14:33 (UK time).")
    }

    @Test func aWaitOfSecondsIsOneMinute() throws {
        let now = try date("2026-11-26T14:25:00Z")
        let advice = RetryAdvice(retryAfterSeconds: 5, now: now)
        #expect(advice.waitText == "1 minute")
        #expect(advice.clockText(now: now) == "14:26")
        #expect(RetryAdvice(retryAfterSeconds: 0, now: now).minutes == 1)
    }

    @Test func timesAreInBritishSummerTime() throws {
        let now = try date("2026-07-01T09:00:00Z")
        #expect(RetryAdvice(retryAfterSeconds: 600, now: now).sentence(now: now) == "Try again in 10 minutes, after 10:10 (UK time).")
    }

    @Test func anotherDayIsNamed() throws {
        let now = try date("2026-11-26T23:50:00Z")
        let advice = RetryAdvice(retryAfterSeconds: 3900, now: now)
        #expect(advice.waitText == "1 hour 5 minutes")
        #expect(advice.clockText(now: now) == "00:55 on Friday 27 November")
    }
}
