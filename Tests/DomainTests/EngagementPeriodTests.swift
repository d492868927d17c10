import Domain
import Foundation
import Testing

@Suite struct EngagementPeriodTests {
    func day(_ iso: String) -> CalendarDay { CalendarDay(iso)! }

    @Test func activeOnBothEndsInclusive() throws {
        // setup: a locum's week
        let period = try EngagementPeriod(starts: day("2026-11-23"), ends: day("2026-11-27"))
        // validate
        #expect(!period.isActive(on: day("2026-11-22")))
        #expect(period.isActive(on: day("2026-11-23")))
        #expect(period.isActive(on: day("2026-11-25")))
        #expect(period.isActive(on: day("2026-11-27")))
        #expect(!period.isActive(on: day("2026-11-28")))
    }

    @Test func openEndedRunsOn() throws {
        let period = try EngagementPeriod(starts: day("2020-04-01"), ends: nil)
        #expect(!period.isActive(on: day("2020-03-31")))
        #expect(period.isActive(on: day("2020-04-01")))
        #expect(period.isActive(on: day("2099-12-31")))
    }

    @Test func singleDayIsAllowed() throws {
        let period = try EngagementPeriod(starts: day("2026-11-26"), ends: day("2026-11-26"))
        #expect(period.isActive(on: day("2026-11-26")))
        #expect(!period.isActive(on: day("2026-11-27")))
    }

    @Test func refusesEndBeforeStart() {
        #expect(throws: EngagementPeriodError.endsBeforeStart) {
            try EngagementPeriod(starts: day("2026-11-26"), ends: day("2026-11-25"))
        }
        #expect(EngagementPeriodError.endsBeforeStart.message.contains("before the start date"))
    }

    @Test func codableRoundTrip() throws {
        // setup
        let closed = try EngagementPeriod(starts: day("2026-11-23"), ends: day("2026-11-27"))
        let open = try EngagementPeriod(starts: day("2026-11-23"), ends: nil)
        // MUT
        let json = try JSONEncoder().encode([closed, open])
        // validate
        #expect(try JSONDecoder().decode([EngagementPeriod].self, from: json) == [closed, open])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(EngagementPeriod.self, from: Data(#"{"starts":"2026-11-23","ends":"2026-11-01"}"#.utf8))
        }
    }
}
