/// England's bank holidays for any year: the standing rules (Easter, the first and last Mondays of May, the last
/// Monday of August, substitute days when a holiday falls at a weekend), then the one-off changes a proclamation
/// makes (a moved day, an added day for a coronation or a state funeral), which come from a file an admin updates.
public struct EnglandBankHolidays: Sendable, Hashable {
    public var changes: [BankHolidayChange]

    public init(changes: [BankHolidayChange] = []) {
        self.changes = changes
    }

    /// The days off work in `year`, in date order: each holiday on the weekday it is kept (a substitute day when it
    /// falls at a weekend), with the one-off changes applied.
    public func days(in year: Int) -> [BankHoliday] {
        var days = Self.standing(in: year)
        for change in changes where change.day.year == year || change.movedFrom?.year == year {
            if let from = change.movedFrom { days.removeAll { $0.day == from } }
            if change.day.year == year && !days.contains(where: { $0.day == change.day }) {
                days.append(BankHoliday(day: change.day, name: change.name))
            }
        }
        return days.sorted { $0.day < $1.day }
    }

    /// The days off work from `first` to `last`, both included.
    public func days(from first: CalendarDay, through last: CalendarDay) -> Set<CalendarDay> {
        guard first <= last else { return [] }
        return Set((first.year...last.year).flatMap { days(in: $0) }.map(\.day).filter { $0 >= first && $0 <= last })
    }

    /// Whether `day` is a bank holiday (a substitute day counts; the weekend day it stands in for does not).
    public func contains(_ day: CalendarDay) -> Bool {
        days(in: day.year).contains { $0.day == day }
    }

    /// The standing rules alone.
    static func standing(in year: Int) -> [BankHoliday] {
        guard let newYear = CalendarDay(year: year, month: 1, day: 1), let christmas = CalendarDay(year: year, month: 12, day: 25)
        else { return [] }
        let easter = easterSunday(year)
        let holidays: [(CalendarDay, String)] = [
            (newYear, "New Year’s Day"), (easter.adding(days: -2), "Good Friday"), (easter.adding(days: 1), "Easter Monday"),
            (firstMonday(year: year, month: 5), "Early May bank holiday"), (lastMonday(year: year, month: 5), "Spring bank holiday"),
            (lastMonday(year: year, month: 8), "Summer bank holiday"), (christmas, "Christmas Day"),
            (christmas.adding(days: 1), "Boxing Day"),
        ]
        // those on a weekday first, so that a substitute day never takes another holiday's own day
        var kept = holidays.filter { Weekday($0.0) < .saturday }.map { BankHoliday(day: $0.0, name: $0.1) }
        for (day, name) in holidays where Weekday(day) >= .saturday {
            var substitute = day
            while Weekday(substitute) >= .saturday || kept.contains(where: { $0.day == substitute }) {
                substitute = substitute.adding(days: 1)
            }
            kept.append(BankHoliday(day: substitute, name: "\(name) (substitute day)"))
        }
        return kept.sorted { $0.day < $1.day }
    }

    /// Easter Sunday in the Gregorian calendar (the anonymous Gregorian algorithm, often credited to Meeus).
    public static func easterSunday(_ year: Int) -> CalendarDay {
        let a = year % 19, b = year / 100, c = year % 100
        let d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3
        let h = (19 * a + b - d - g + 15) % 30
        let i = c / 4, k = c % 4
        let l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1
        return CalendarDay(year: year, month: month, day: day)!
    }

    static func firstMonday(year: Int, month: Int) -> CalendarDay {
        var day = CalendarDay(year: year, month: month, day: 1)!
        while Weekday(day) != .monday { day = day.adding(days: 1) }
        return day
    }

    static func lastMonday(year: Int, month: Int) -> CalendarDay {
        var day = (28...31).reversed().lazy.compactMap { CalendarDay(year: year, month: month, day: $0) }.first!
        while Weekday(day) != .monday { day = day.adding(days: -1) }
        return day
    }
}

/// One day off work and what it is for.
public struct BankHoliday: Sendable, Hashable {
    public var day: CalendarDay
    public var name: String

    public init(day: CalendarDay, name: String) {
        self.day = day
        self.name = name
    }
}

/// A one-off change by proclamation: a day added, or a standing holiday moved to another day.
public struct BankHolidayChange: Sendable, Hashable {
    public var day: CalendarDay
    /// The standing holiday this one replaces, or nil for a day added.
    public var movedFrom: CalendarDay?
    public var name: String

    public init(day: CalendarDay, movedFrom: CalendarDay? = nil, name: String) {
        self.day = day
        self.movedFrom = movedFrom
        self.name = name
    }
}
