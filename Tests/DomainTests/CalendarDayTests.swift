import Domain
import Foundation
import Testing

@Suite struct CalendarDayTests {
    @Test func validatesRealDates() {
        #expect(CalendarDay(year: 2026, month: 11, day: 26) != nil)
        #expect(CalendarDay(year: 2026, month: 2, day: 28) != nil)
        #expect(CalendarDay(year: 2026, month: 2, day: 29) == nil)
        #expect(CalendarDay(year: 2024, month: 2, day: 29) != nil)
        #expect(CalendarDay(year: 2000, month: 2, day: 29) != nil)
        #expect(CalendarDay(year: 1900, month: 2, day: 29) == nil)
        #expect(CalendarDay(year: 2026, month: 4, day: 31) == nil)
        #expect(CalendarDay(year: 2026, month: 12, day: 31) != nil)
        #expect(CalendarDay(year: 2026, month: 13, day: 1) == nil)
        #expect(CalendarDay(year: 2026, month: 0, day: 1) == nil)
        #expect(CalendarDay(year: 2026, month: 1, day: 0) == nil)
        #expect(CalendarDay(year: 0, month: 1, day: 1) == nil)
    }

    @Test func readsISODatesOnly() {
        #expect(CalendarDay("2026-11-26") == CalendarDay(year: 2026, month: 11, day: 26))
        for text in ["2026-11-6", "26/11/2026", "2026-11-26T00:00:00Z", "20261126", "2026-02-30", "2026-1a-26", "", " 2026-11-26"] {
            #expect(CalendarDay(text) == nil)
        }
    }

    @Test func readsCompactEpraccurDates() {
        #expect(CalendarDay(compact: "20261126") == CalendarDay(year: 2026, month: 11, day: 26))
        #expect(CalendarDay(compact: "19740401") == CalendarDay(year: 1974, month: 4, day: 1))
        #expect(CalendarDay(compact: "2026-11-26") == nil)
        #expect(CalendarDay(compact: "20260230") == nil)
        #expect(CalendarDay(compact: "2026112") == nil)
        #expect(CalendarDay(compact: "") == nil)
    }

    @Test func printsISOAndDisplayText() throws {
        let day = try #require(CalendarDay(year: 2026, month: 3, day: 5))
        #expect(day.iso == "2026-03-05")
        #expect(day.description == "2026-03-05")
        #expect(day.displayText == "5 March 2026")
        #expect(CalendarDay(day.description) == day)
    }

    @Test func addsDaysAcrossMonthsYearsAndLeapDays() throws {
        let day = try #require(CalendarDay("2024-02-28"))
        #expect(day.adding(days: 1).iso == "2024-02-29")
        #expect(day.adding(days: 2).iso == "2024-03-01")
        #expect(day.adding(days: 0) == day)
        #expect(day.adding(days: -59).iso == "2023-12-31")
        #expect(day.adding(days: 366).iso == "2025-02-28")
        #expect(try #require(CalendarDay("1970-01-01")).adding(days: -1).iso == "1969-12-31")
        #expect(try #require(CalendarDay("2026-12-31")).adding(days: 1).iso == "2027-01-01")
    }

    @Test func addingMatchesTheGregorianCalendar() throws {
        // setup
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let start = try #require(CalendarDay("1899-12-25"))
        let startDate = try #require(calendar.date(from: DateComponents(year: 1899, month: 12, day: 25)))
        for offset in stride(from: 0, through: 80_000, by: 97) {
            // MUT
            let day = start.adding(days: offset)
            // validate
            let date = try #require(calendar.date(byAdding: .day, value: offset, to: startDate))
            let parts = calendar.dateComponents([.year, .month, .day], from: date)
            #expect([day.year, day.month, day.day] == [parts.year, parts.month, parts.day])
        }
    }

    @Test func comparesChronologically() throws {
        let days = try ["2026-11-26", "2025-12-31", "2026-01-01", "2026-11-25"].map { try #require(CalendarDay($0)) }
        #expect(days.sorted().map(\.iso) == ["2025-12-31", "2026-01-01", "2026-11-25", "2026-11-26"])
    }

    @Test func dayOfADateIsTakenInLondon() throws {
        // setup: 23:30 UTC on 30 June is 00:30 on 1 July in BST
        let summerNight = try #require(ISO8601DateFormatter().date(from: "2026-06-30T23:30:00Z"))
        let winterNight = try #require(ISO8601DateFormatter().date(from: "2026-12-30T23:30:00Z"))
        // validate
        #expect(CalendarDay(summerNight).iso == "2026-07-01")
        #expect(CalendarDay(summerNight, in: TimeZone(identifier: "UTC")!).iso == "2026-06-30")
        #expect(CalendarDay(winterNight).iso == "2026-12-30")
    }

    @Test func startOfDayInLondon() throws {
        let summer = try #require(CalendarDay("2026-07-01"))
        let winter = try #require(CalendarDay("2026-12-01"))
        #expect(summer.startOfDay() == ISO8601DateFormatter().date(from: "2026-06-30T23:00:00Z"))
        #expect(winter.startOfDay() == ISO8601DateFormatter().date(from: "2026-12-01T00:00:00Z"))
        #expect(CalendarDay(summer.startOfDay()) == summer)
        #expect(TimeZone.london.identifier == "Europe/London")
    }

    @Test func codableAsISOString() throws {
        // setup
        let day = try #require(CalendarDay("2026-11-26"))
        // MUT
        let json = try JSONEncoder().encode([day])
        // validate
        #expect(String(decoding: json, as: UTF8.self) == "[\"2026-11-26\"]")
        #expect(try JSONDecoder().decode([CalendarDay].self, from: json) == [day])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([CalendarDay].self, from: Data("[\"2026-02-30\"]".utf8))
        }
    }
}
