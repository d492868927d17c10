import Foundation

/// Every date and time the service shows a person, in one place: British English, on a UK wall clock
/// (Europe/London, so summer time is right), whoever's server it runs on.
public enum UKTime {
    /// "14:33".
    public static func clock(_ date: Date) -> String { format(date, "HH:mm") }

    /// "8:00am on Monday 30 March 2026", as a patient reads an opening time.
    public static func clockAndDay(_ date: Date) -> String {
        let hour = Int(format(date, "H")) ?? 0
        let day = CalendarDay(date)
        return "\(format(date, "h:mm"))\(hour < 12 ? "am" : "pm") on \(Weekday(day).displayName) \(day.displayText)"
    }

    /// "15:04 on 6 March 2027 (UK time)", for a moment that may be months away.
    public static func moment(_ date: Date) -> String { "\(clock(date)) on \(CalendarDay(date).displayText) (UK time)" }

    /// "14:33", or "09:10 on Wednesday 4 March" when that is not the same UK day as `now`.
    public static func clockOrDay(_ date: Date, now: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .london
        if calendar.isDate(date, inSameDayAs: now) { return clock(date) }
        return "\(clock(date)) on \(format(date, "EEEE d MMMM"))"
    }

    /// "14:33 on Wednesday 4 March", for an appointment.
    public static func clockAndWeekday(_ date: Date) -> String { format(date, "HH:mm 'on' EEEE d MMMM") }

    /// "27/03/2026 10:05", as clinical records show times.
    public static func recordStamp(_ date: Date) -> String { format(date, "dd/MM/yyyy HH:mm") }

    /// "7 Dec 14:33", in a list of this year's events.
    public static func shortStamp(_ date: Date) -> String { format(date, "d MMM HH:mm") }

    /// "7 Dec 2026 14:33".
    public static func stamp(_ date: Date) -> String { format(date, "d MMM yyyy HH:mm") }

    /// "7 Dec 2026 14:33:05", where seconds matter (the audit trail).
    public static func stampWithSeconds(_ date: Date) -> String { format(date, "d MMM yyyy HH:mm:ss") }

    /// "2026-12-07 14:33", sortable, for machine-readable lines and form values.
    public static func sortable(_ date: Date, in timeZone: TimeZone = .london) -> String {
        format(date, "yyyy-MM-dd HH:mm", locale: Locale(identifier: "en_GB_POSIX"), timeZone: timeZone)
    }

    private static func format(
        _ date: Date, _ pattern: String, locale: Locale = Locale(identifier: "en_GB"), timeZone: TimeZone = .london
    ) -> String {
        let formatter = DateFormatter()
        formatter.locale = locale
        formatter.timeZone = timeZone
        formatter.dateFormat = pattern
        return formatter.string(from: date)
    }
}
