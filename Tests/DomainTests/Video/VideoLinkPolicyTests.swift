import Domain
import Foundation
import Testing

@Suite struct VideoLinkPolicyTests {
    let policy = VideoLinkPolicy.standard
    /// Tuesday 2 June 2026, 15:00 BST (14:00 UTC).
    let summerSlot = Date(timeIntervalSince1970: 1_780_408_800)
    /// Tuesday 13 January 2026, 15:00 GMT.
    let winterSlot = Date(timeIntervalSince1970: 1_768_316_400)

    @Test func opensThirtyMinutesBeforeAndExpiresTwoHoursAfter() {
        // setup
        let slot = summerSlot
        // MUT
        let verdicts = [-86_400, -1801, -1800, -1, 0, 1, 7199, 7200, 86_400].map {
            policy.check(slot: slot, now: slot.addingTimeInterval(TimeInterval($0)))
        }
        // validate
        let opens = slot.addingTimeInterval(-1800)
        #expect(
            verdicts == [
                .tooEarly(opensAt: opens), .tooEarly(opensAt: opens), .open, .open, .open, .open, .open, .expired, .expired,
            ])
        #expect(policy.opensAt(slot: slot) == opens)
        #expect(policy.expiresAt(slot: slot) == slot.addingTimeInterval(7200))
    }

    @Test func tooEarlyGivesTheOpeningTimeInSummerTime() {
        // setup
        let now = summerSlot.addingTimeInterval(-3 * 3600)
        // MUT
        let verdict = policy.check(slot: summerSlot, now: now)
        // validate: 13:30 UTC is 14:30 BST
        #expect(verdict.message(now: now) == "Your video consultation opens at 14:30. Come back then.")
    }

    @Test func tooEarlyGivesTheOpeningTimeInWinterTime() {
        // setup
        let now = winterSlot.addingTimeInterval(-3 * 3600)
        // MUT
        let verdict = policy.check(slot: winterSlot, now: now)
        // validate: 14:30 UTC is 14:30 GMT
        #expect(verdict.message(now: now) == "Your video consultation opens at 14:30. Come back then.")
    }

    @Test func tooEarlyOnAnotherDayNamesTheDay() {
        // setup: the evening before, and a week before
        let evening = summerSlot.addingTimeInterval(-18 * 3600)
        let weekBefore = summerSlot.addingTimeInterval(-7 * 86_400)
        // MUT
        let messages = [evening, weekBefore].map { policy.check(slot: summerSlot, now: $0).message(now: $0) }
        // validate
        #expect(
            messages == [
                "Your video consultation opens at 14:30 on Tuesday 2 June. Come back then.",
                "Your video consultation opens at 14:30 on Tuesday 2 June. Come back then.",
            ])
    }

    @Test func dayChangesAtMidnightLondonTimeNotUTC() {
        // setup: the link opens at 23:10 UTC on 2 June, which is 00:10 BST on 3 June; now is 20:00 UTC (21:00 BST)
        // on 2 June: the same day in UTC, another day in London
        let slot = Date(timeIntervalSince1970: 1_780_408_800 + 9 * 3600 + 40 * 60)
        let now = Date(timeIntervalSince1970: 1_780_408_800 + 6 * 3600)
        // MUT
        let message = policy.check(slot: slot, now: now).message(now: now)
        // validate
        #expect(message == "Your video consultation opens at 00:10 on Wednesday 3 June. Come back then.")
    }

    @Test func openingTimeAcrossTheClocksGoingForward() {
        // setup: 29 March 2026, clocks go forward at 01:00 UTC; slot 01:30 UTC is 02:30 BST
        let slot = Date(timeIntervalSince1970: 1_774_747_800)
        let now = Date(timeIntervalSince1970: 1_774_744_200)
        // MUT
        let verdict = policy.check(slot: slot, now: now)
        // validate: opens at 01:00 UTC, which is 02:00 BST
        #expect(verdict == .tooEarly(opensAt: Date(timeIntervalSince1970: 1_774_746_000)))
        #expect(verdict.message(now: now) == "Your video consultation opens at 02:00. Come back then.")
    }

    @Test func openHasNoMessageAndExpiredTellsThePatientWhatToDo() {
        // setup
        let now = summerSlot.addingTimeInterval(3 * 3600)
        // MUT
        let open = policy.check(slot: summerSlot, now: summerSlot).message(now: summerSlot)
        let expired = policy.check(slot: summerSlot, now: now).message(now: now)
        // validate
        #expect(open == nil)
        #expect(expired?.hasPrefix("This video consultation link has expired") == true)
        #expect(expired?.contains("2 hours after the appointment") == true)
        #expect(expired?.contains("Call the practice") == true)
        #expect(expired?.contains("NHS 111") == true)
    }

    @Test func customWindowsAndNegativeValues() {
        // setup
        let wide = VideoLinkPolicy(opensBefore: 3600, closesAfter: 600)
        let negative = VideoLinkPolicy(opensBefore: -60, closesAfter: -60)
        // MUT + validate
        #expect(wide.check(slot: summerSlot, now: summerSlot.addingTimeInterval(-3600)) == .open)
        #expect(wide.check(slot: summerSlot, now: summerSlot.addingTimeInterval(600)) == .expired)
        #expect(negative.opensBefore == 0 && negative.closesAfter == 0)
        #expect(negative.check(slot: summerSlot, now: summerSlot) == .expired)
        #expect(negative.check(slot: summerSlot, now: summerSlot.addingTimeInterval(-1)) == .tooEarly(opensAt: summerSlot))
    }
}
