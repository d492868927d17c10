import Foundation

extension PracticeCapacity {
    /// The minutes from `start` to `end` during which the practice was open: its opening hours, less weekends, bank
    /// holidays and agreed closures. Counted on the UK wall clock day by day, so a day open 08:00–18:30 is 630 minutes
    /// whether or not the clocks changed overnight. Zero when `end` is not after `start`.
    public func workingMinutes(from start: Date, to end: Date) -> Int {
        guard end > start else { return 0 }
        var total: TimeInterval = 0
        var day = CalendarDay(start)
        let last = CalendarDay(end)
        while day <= last {
            if let hours = hours(on: day) {
                let opens = max(Self.moment(day, minute: hours.opens), start)
                let closes = min(Self.moment(day, minute: hours.closes), end)
                if closes > opens { total += closes.timeIntervalSince(opens) }
            }
            day = day.adding(days: 1)
        }
        return Int(total / 60)
    }

    /// The latest moment from which `minutes` of opening hours have passed by `end`: a request received at or before it
    /// has waited at least that long in working time. `Date.distantPast` when the practice was not open that long in
    /// the two years before `end`.
    public func startOfWorkingMinutes(_ minutes: Int, before end: Date) -> Date {
        guard minutes > 0 else { return end }
        var remaining = TimeInterval(minutes * 60)
        var day = CalendarDay(end)
        for _ in 0...(2 * 366) {
            if let hours = hours(on: day) {
                let opens = Self.moment(day, minute: hours.opens)
                let closes = min(Self.moment(day, minute: hours.closes), end)
                if closes > opens {
                    let open = closes.timeIntervalSince(opens)
                    if open >= remaining { return closes.addingTimeInterval(-remaining) }
                    remaining -= open
                }
            }
            day = day.adding(days: -1)
        }
        return .distantPast
    }
}
