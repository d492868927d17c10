import Domain
import Foundation
import Testing

/// Times as people in England read them, in winter and in summer time.
struct UKTimeTests {
    /// 13:05 UTC on 7 December 2026 (GMT) and on 7 July 2026 (BST, so 14:05 on the wall clock).
    let winter = Date(timeIntervalSince1970: 1_796_648_700)
    let summer = Date(timeIntervalSince1970: 1_783_429_500)

    @Test func winterAndSummerClocks() {
        #expect(UKTime.clock(winter) == "13:05")
        #expect(UKTime.clock(summer) == "14:05")
        #expect(UKTime.clockAndDay(summer) == "2:05pm on Tuesday 7 July 2026")
        #expect(UKTime.moment(winter) == "13:05 on 7 December 2026 (UK time)")
        #expect(UKTime.recordStamp(summer) == "07/07/2026 14:05")
        #expect(UKTime.shortStamp(winter) == "7 Dec 13:05")
        #expect(UKTime.stampWithSeconds(winter) == "7 Dec 2026 13:05:00")
        #expect(UKTime.sortable(summer) == "2026-07-07 14:05")
        #expect(UKTime.clockAndWeekday(winter) == "13:05 on Monday 7 December")
    }

    @Test func aTimeOnAnotherDayNamesTheDay() {
        #expect(UKTime.clockOrDay(winter, now: winter.addingTimeInterval(3_600)) == "13:05")
        #expect(UKTime.clockOrDay(winter, now: winter.addingTimeInterval(-86_400)) == "13:05 on Monday 7 December")
    }
}
