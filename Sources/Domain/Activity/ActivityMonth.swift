import Foundation

/// One calendar month on the UK wall clock, the period of the activity figures practices supply.
public struct ActivityMonth: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int

    /// Nil unless 1...12 and a four-digit year.
    public init?(year: Int, month: Int) {
        guard (1000...9999).contains(year), (1...12).contains(month) else { return nil }
        self.year = year
        self.month = month
    }

    /// Reads "2026-11" and nothing else.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard text.utf8.count == 7, parts.count == 2, parts[0].count == 4, parts[1].count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            let year = Int(parts[0]), let month = Int(parts[1])
        else { return nil }
        self.init(year: year, month: month)
    }

    /// The month in which `day` falls.
    public init(_ day: CalendarDay) {
        year = day.year
        month = day.month
    }

    /// "2026-11".
    public var description: String { firstDay.iso.prefix(7).description }

    /// "November 2026".
    public var displayText: String { String(firstDay.displayText.drop { $0 != " " }.dropFirst()) }

    public var firstDay: CalendarDay { CalendarDay(year: year, month: month, day: 1)! }

    /// Every day of the month, in order.
    public var days: [CalendarDay] {
        (0..<CalendarDay.daysIn(month: month, year: year)).map { firstDay.adding(days: $0) }
    }

    public var next: ActivityMonth { month == 12 ? ActivityMonth(year: year + 1, month: 1)! : ActivityMonth(year: year, month: month + 1)! }

    public var previous: ActivityMonth {
        month == 1 ? ActivityMonth(year: year - 1, month: 12)! : ActivityMonth(year: year, month: month - 1)!
    }

    /// Midnight UK time on the first, to midnight UK time on the first of the next month (half-open): 743 or 745 hours
    /// in the months the clocks change.
    public var interval: Range<Date> { firstDay.startOfDay()..<next.firstDay.startOfDay() }

    public static func < (lhs: ActivityMonth, rhs: ActivityMonth) -> Bool { (lhs.year, lhs.month) < (rhs.year, rhs.month) }
}
