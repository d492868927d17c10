import Domain
import Foundation
import Testing

@Suite struct LockoutPolicyTests {
    let policy = LockoutPolicy.standard

    @Test func standardValues() {
        #expect(policy == LockoutPolicy(freeAttempts: 5, firstLock: 60, longestLock: 3600))
    }

    @Test func noLockBelowTheFreeAttempts() {
        for failures in 0..<5 {
            #expect(policy.lockDuration(afterFailures: failures) == nil)
        }
    }

    @Test func doublesThenCaps() {
        // MUT
        let durations = (5...13).map { policy.lockDuration(afterFailures: $0) }
        // validate
        #expect(durations == [60, 120, 240, 480, 960, 1920, 3600, 3600, 3600])
        #expect(policy.lockDuration(afterFailures: 1_000_000) == 3600)
        #expect(policy.lockDuration(afterFailures: .max) == 3600)
    }

    @Test func messageGivesDurationAndUKTime() throws {
        // setup: 26 November is GMT, so 10:40 UTC is 10:40 in London
        let now = try #require(ISO8601DateFormatter().date(from: "2026-11-26T10:40:00Z"))
        // MUT
        let message = policy.message(lockedUntil: now.addingTimeInterval(120), now: now)
        // validate
        #expect(
            message
                == "Too many attempts. Your account is locked for 2 minutes. Try again after 10:42, or ask your practice manager to help."
        )
    }

    @Test func messageUsesBritishSummerTime() throws {
        // setup: 1 July is BST, one hour ahead of UTC
        let now = try #require(ISO8601DateFormatter().date(from: "2026-07-01T09:00:00Z"))
        // MUT
        let message = policy.message(lockedUntil: now.addingTimeInterval(3600), now: now)
        // validate
        #expect(message.contains("locked for 1 hour."))
        #expect(message.contains("after 11:00"))
    }

    @Test func messageRoundsUpToWholeMinutes() throws {
        let now = try #require(ISO8601DateFormatter().date(from: "2026-11-26T10:40:00Z"))
        #expect(policy.message(lockedUntil: now.addingTimeInterval(30), now: now).contains("locked for 1 minute."))
        #expect(policy.message(lockedUntil: now.addingTimeInterval(61), now: now).contains("locked for 2 minutes."))
        #expect(policy.message(lockedUntil: now.addingTimeInterval(3900), now: now).contains("locked for 1 hour 5 minutes."))
        #expect(policy.message(lockedUntil: now.addingTimeInterval(7200), now: now).contains("locked for 2 hours."))
        #expect(policy.message(lockedUntil: now.addingTimeInterval(-10), now: now).contains("locked for 1 minute."))
    }
}
