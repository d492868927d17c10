import Foundation

/// The hours the GP contract (from October 2025) requires a practice's online form to be open for non-urgent requests:
/// 08:00–18:30 Monday to Friday, except bank holidays. A practice may open longer, never shorter; a working day closed
/// in core hours is an exception its integrated care board (ICB) agreed (`AgreedClosure`).
public enum CoreHours {
    public static let hours = DailyHours(opens: 8 * 60, closes: 18 * 60 + 30)!
    /// The length of core hours in a day, 630 minutes: what the queue's "waiting over N working days" counts as a day.
    public static let minutesPerDay = hours.closes - hours.opens
    public static let weekdays: [Weekday] = [.monday, .tuesday, .wednesday, .thursday, .friday]

    /// The working days on which `openingHours` open after 08:00, close before 18:30, or are missing: empty when the
    /// hours keep the floor.
    public static func shortfall(of openingHours: OpeningHours) -> [Weekday] {
        weekdays.filter { day in
            guard let hours = openingHours[day] else { return true }
            return hours.opens > Self.hours.opens || hours.closes < Self.hours.closes
        }
    }

    /// The hours widened to the floor: each working day opens no later than 08:00 and closes no earlier than 18:30.
    public static func widened(_ openingHours: OpeningHours) -> OpeningHours {
        var widened = openingHours
        for day in weekdays {
            let current = openingHours[day]
            widened[day] = DailyHours(
                opens: min(current?.opens ?? hours.opens, hours.opens), closes: max(current?.closes ?? hours.closes, hours.closes))
        }
        return widened
    }

    /// Whether `day` is a working day: Monday to Friday and not a bank holiday.
    public static func isWorkingDay(_ day: CalendarDay, bankHolidays: EnglandBankHolidays) -> Bool {
        weekdays.contains(Weekday(day)) && !bankHolidays.contains(day)
    }
}

/// A working day on which the practice's online form is closed in core hours, with the reason and the name of the
/// person at the ICB who agreed it. Recorded, shown to the commissioner and audited.
public struct AgreedClosure: Sendable, Hashable {
    public var day: CalendarDay
    public var reason: String
    /// "Dr Asha Patel, ICB primary care lead": who agreed, in their own words.
    public var agreedBy: String

    public init(day: CalendarDay, reason: String, agreedBy: String) {
        self.day = day
        self.reason = reason
        self.agreedBy = agreedBy
    }

    /// Why a closure cannot be recorded, in words for the person recording it.
    public enum Problem: Error, Hashable, Sendable {
        case notAWorkingDay(CalendarDay)
        case inThePast(CalendarDay)
        case noReason
        case noAgreement
        case tooLong(field: String, limit: Int)

        public var field: String {
            switch self {
            case .notAWorkingDay, .inThePast: "closureDay"
            case .noReason: "closureReason"
            case .noAgreement: "closureAgreedBy"
            case .tooLong(let field, _): field
            }
        }

        public var message: String {
            switch self {
            case .notAWorkingDay(let day):
                "\(day.displayText) is not a working day: the form need not be open then, so no agreement is needed"
            case .inThePast(let day): "\(day.displayText) has passed: record a closure before the day"
            case .noReason: "Say why the practice will be closed, for example protected learning time"
            case .noAgreement: "Give the name and role of the person at the ICB who agreed the closure"
            case .tooLong(let field, let limit):
                "\(field == "closureReason" ? "The reason" : "The name") can be at most \(limit) characters"
            }
        }
    }

    /// A closure as typed, checked: a working day from `today` on, a reason and who agreed it, each at most a line.
    public static func check(
        day: CalendarDay, reason: String, agreedBy: String, today: CalendarDay, bankHolidays: EnglandBankHolidays
    ) -> Result<AgreedClosure, Problem> {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        let agreedBy = agreedBy.trimmingCharacters(in: .whitespacesAndNewlines)
        guard CoreHours.isWorkingDay(day, bankHolidays: bankHolidays) else { return .failure(.notAWorkingDay(day)) }
        guard day >= today else { return .failure(.inThePast(day)) }
        guard !reason.isEmpty else { return .failure(.noReason) }
        guard reason.count <= 200 else { return .failure(.tooLong(field: "closureReason", limit: 200)) }
        guard !agreedBy.isEmpty else { return .failure(.noAgreement) }
        guard agreedBy.count <= 120 else { return .failure(.tooLong(field: "closureAgreedBy", limit: 120)) }
        return .success(AgreedClosure(day: day, reason: reason, agreedBy: agreedBy))
    }
}
