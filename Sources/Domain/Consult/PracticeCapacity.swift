import Foundation

/// When a practice takes online requests and how soon it promises to reply. All times are UK local
/// time (Europe/London, so GMT in winter and BST in summer).
public struct PracticeCapacity: Sendable, Hashable, Codable {
    public var openingHours: OpeningHours
    /// Days the practice is shut although the weekday has hours: bank holidays, training afternoons taken whole.
    public var closedDays: Set<CalendarDay>
    /// The most online requests the practice takes in one day, or nil for no limit.
    public var dailyCap: Int?
    public var replyPromise: ReplyPromise

    public init(openingHours: OpeningHours, closedDays: Set<CalendarDay>, dailyCap: Int?, replyPromise: ReplyPromise) {
        self.openingHours = openingHours
        self.closedDays = closedDays
        self.dailyCap = dailyCap
        self.replyPromise = replyPromise
    }

    /// Monday to Friday 08:00–18:30, closed at weekends and on England's bank holidays, no daily cap,
    /// a reply by the close of the second working day.
    public static let typicalPractice = PracticeCapacity(
        openingHours: .weekdays(DailyHours(opens: 8 * 60, closes: 18 * 60 + 30)!),
        closedDays: englandBankHolidays2026and2027, dailyCap: nil, replyPromise: .workingDays(2))

    /// England and Wales bank holidays in 2026 and 2027 (GOV.UK), substitute days included.
    public static let englandBankHolidays2026and2027: Set<CalendarDay> = Set(
        [
            "2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25", "2026-08-31", "2026-12-25", "2026-12-28",
            "2027-01-01", "2027-03-26", "2027-03-29", "2027-05-03", "2027-05-31", "2027-08-30", "2027-12-27", "2027-12-28",
        ].compactMap { CalendarDay($0) })

    /// The hours of `day`, or nil when the practice is shut all that day.
    public func hours(on day: CalendarDay) -> DailyHours? {
        closedDays.contains(day) ? nil : openingHours[Weekday(day)]
    }

    /// Whether the practice takes online requests at `date`, given how many it has taken that day.
    public func intake(at date: Date, requestsToday: Int) -> IntakeState {
        let (day, minute) = Self.localDayAndMinute(date)
        if closedDays.contains(day) { return .closed(.closedDay(nextOpening: nextOpening(after: date))) }
        guard let hours = hours(on: day), hours.contains(minute: minute) else {
            return .closed(.outsideHours(nextOpening: nextOpening(after: date)))
        }
        if let dailyCap, requestsToday >= dailyCap {
            return .closed(.overDailyCap(nextOpening: nextOpening(after: date)))
        }
        return .open
    }

    /// The first moment after `date` at which the practice opens (strictly later: during opening hours this is
    /// the next working day's opening). `Date.distantFuture` when it has no opening in the next two years.
    public func nextOpening(after date: Date) -> Date {
        let (today, minute) = Self.localDayAndMinute(date)
        for offset in 0...(2 * 366) {
            let day = today.adding(days: offset)
            guard let hours = hours(on: day) else { continue }
            if offset == 0 && minute >= hours.opens { continue }
            return Self.moment(day, minute: hours.opens)
        }
        return .distantFuture
    }

    /// When the practice has promised to reply to a request received at `receivedAt`: the close of the Nth working
    /// day, counting the day of arrival as day 0. A request received outside hours counts as arriving at the next opening.
    public func replyBy(receivedAt: Date) -> Date {
        let (day, minute) = Self.localDayAndMinute(receivedAt)
        var current = day
        if hours(on: day)?.contains(minute: minute) != true {
            let opening = nextOpening(after: receivedAt)
            guard opening != .distantFuture else { return .distantFuture }
            current = CalendarDay(opening)
        }
        var remaining: Int
        switch replyPromise {
        case .workingDays(let days): remaining = max(days, 0)
        }
        var guardDays = 0
        while remaining > 0 {
            current = current.adding(days: 1)
            guardDays += 1
            if guardDays > 4 * 366 { return .distantFuture }
            if hours(on: current) != nil { remaining -= 1 }
        }
        return Self.moment(current, minute: hours(on: current)?.closes ?? 24 * 60)
    }

    /// The day and minute from midnight of `date` on a UK wall clock.
    static func localDayAndMinute(_ date: Date) -> (CalendarDay, Int) {
        let parts = Self.calendar.dateComponents([.hour, .minute], from: date)
        return (CalendarDay(date), (parts.hour ?? 0) * 60 + (parts.minute ?? 0))
    }

    /// The moment a UK wall clock shows `minute` minutes after midnight on `day`.
    static func moment(_ day: CalendarDay, minute: Int) -> Date {
        let components = DateComponents(year: day.year, month: day.month, day: day.day, hour: minute / 60, minute: minute % 60)
        if minute < 24 * 60, let date = calendar.date(from: components) { return date }
        return day.adding(days: 1).startOfDay()
    }

    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .london
        return calendar
    }()
}

/// How soon a practice promises to reply to an online request.
public enum ReplyPromise: Sendable, Hashable, Codable {
    /// By the close of the Nth working day after the day the request arrived (day 0).
    case workingDays(Int)
}

/// Whether the online form takes a request now.
public enum IntakeState: Sendable, Hashable {
    case open
    case closed(ClosedReason)
}

/// Why the online form is not taking requests, and when it will again.
public enum ClosedReason: Sendable, Hashable {
    case outsideHours(nextOpening: Date)
    case closedDay(nextOpening: Date)
    case overDailyCap(nextOpening: Date)

    public var nextOpening: Date {
        switch self {
        case .outsideHours(let date), .closedDay(let date), .overDailyCap(let date): date
        }
    }

    /// What the patient reads instead of the form: why, when to come back, and where to get help meanwhile.
    public var message: String {
        let why =
            switch self {
            case .outsideHours: "The practice is not taking online requests at the moment."
            case .closedDay: "The practice is closed today."
            case .overDailyCap: "The practice has had as many online requests today as it can safely deal with."
            }
        let when =
            nextOpening == .distantFuture
            ? "Call the practice to find out when you can send one."
            : "You can send a request from \(UKTime.clockAndDay(nextOpening))."
        return "\(why) \(when) If you need help before then, call NHS 111 or go to 111.nhs.uk. "
            + "In an emergency, call 999."
    }
}

extension ClosedReason {
    /// What the patient reads above the form when the practice is closed but still takes requests: that they may
    /// send one, when it will be read, and where to get help meanwhile. Never "not taking requests" above a form
    /// that works.
    public var messageWhileTakingRequests: String {
        let why =
            switch self {
            case .outsideHours: "The practice is closed just now."
            case .closedDay: "The practice is closed today."
            case .overDailyCap: "The practice has had many online requests today."
            }
        let when =
            nextOpening == .distantFuture
            ? "You can still send a request, but the practice has not said when it will next read them: call it to check."
            : "You can still send a request: the practice will read it when it opens, from \(UKTime.clockAndDay(nextOpening))."
        return "\(why) \(when) If you need help before then, call NHS 111 or go to 111.nhs.uk. In an emergency, call 999."
    }
}

extension PracticeCapacity {
    /// "We will reply by 6:30pm on Tuesday 31 March 2026." for the confirmation page and message.
    public func replyPromiseText(receivedAt: Date) -> String {
        let date = replyBy(receivedAt: receivedAt)
        guard date != .distantFuture else { return "The practice will contact you." }
        return "We will reply by \(UKTime.clockAndDay(date))."
    }
}
