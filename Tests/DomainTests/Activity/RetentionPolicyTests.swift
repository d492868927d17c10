import Domain
import Foundation
import Testing

/// Retention periods, their defaults and reasons, and when the nightly run comes.
struct RetentionPolicyTests {
    @Test func everyKindHasADefaultAReasonAndAVariable() {
        let policy = RetentionPolicy()
        for data in RetainedData.allCases {
            #expect(policy.days(for: data) == data.defaultDays)
            #expect((RetentionPolicy.shortestDays...RetentionPolicy.longestDays).contains(data.defaultDays))
            #expect(data.reason.count > 40)
            #expect(data.environmentVariable.hasPrefix("RETENTION_"))
        }
        #expect(Set(RetainedData.allCases.map(\.environmentVariable)).count == RetainedData.allCases.count)
    }

    @Test func anOverrideReplacesOnlyItsOwnPeriod() {
        let policy = RetentionPolicy([.photos: 30])
        #expect(policy.days(for: .photos) == 30)
        #expect(policy.days(for: .messageBodies) == RetainedData.messageBodies.defaultDays)
    }

    @Test func theCutoffIsThePeriodBeforeNow() {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(RetentionPolicy([.replyLinks: 30]).cutoff(for: .replyLinks, now: now) == now.addingTimeInterval(-30 * 86_400))
    }

    @Test func theNightlyRunIsAtItsUKTimeInWinterAndSummer() {
        let schedule = NightlySchedule(hour: 2, minute: 30)
        // 1 January 2027 12:00 UTC (GMT): next is 02:30 GMT on 2 January
        let winter = Date(timeIntervalSince1970: 1_798_804_800)
        #expect(schedule.next(after: winter) == Date(timeIntervalSince1970: 1_798_857_000))
        // 1 July 2026 00:00 UTC (01:00 BST): next is 02:30 BST = 01:30 UTC the same day
        let summer = Date(timeIntervalSince1970: 1_782_864_000)
        #expect(schedule.next(after: summer) == summer.addingTimeInterval(5400))
        // exactly at the time: the next day's
        let atTime = summer.addingTimeInterval(5400)
        #expect(schedule.next(after: atTime) == atTime.addingTimeInterval(86_400))
    }
}
