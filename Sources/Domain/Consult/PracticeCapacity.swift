import Foundation

/// When a practice takes online requests and how soon it promises to reply. All times are UK local
/// time (Europe/London, so GMT in winter and BST in summer). The hours and the promise are the practice's settings;
/// bank holidays and the closures its ICB agreed come from elsewhere (the bank holiday file and the closures table)
/// and are set when the settings are read.
public struct PracticeCapacity: Sendable, Hashable, Codable {
    /// Never shorter than core hours on a working day (`CoreHours`): reading settings that are is an error.
    public var openingHours: OpeningHours
    public var replyPromise: ReplyPromise
    /// England's bank holidays, on which the practice is closed.
    public var bankHolidays = EnglandBankHolidays()
    /// Working days closed with the ICB's agreement, with the reason.
    public var closures: [CalendarDay: String] = [:]

    public init(
        openingHours: OpeningHours, replyPromise: ReplyPromise, bankHolidays: EnglandBankHolidays = EnglandBankHolidays(),
        closures: [AgreedClosure] = []
    ) {
        self.openingHours = openingHours
        self.replyPromise = replyPromise
        self.bankHolidays = bankHolidays
        self.closures = Dictionary(closures.map { ($0.day, $0.reason) }, uniquingKeysWith: { first, _ in first })
    }

    /// Monday to Friday 08:00–18:30 (core hours), closed at weekends and on England's bank holidays, a reply by the
    /// close of the second working day.
    public static let typicalPractice = PracticeCapacity(
        openingHours: .weekdays(CoreHours.hours), replyPromise: .workingDays(2))

    /// The same settings with this deployment's bank holidays and the practice's agreed closures.
    public func with(bankHolidays: EnglandBankHolidays, closures: [AgreedClosure]) -> PracticeCapacity {
        PracticeCapacity(openingHours: openingHours, replyPromise: replyPromise, bankHolidays: bankHolidays, closures: closures)
    }

    /// The hours of `day`, or nil when the practice is shut all that day.
    public func hours(on day: CalendarDay) -> DailyHours? {
        if closures[day] != nil || bankHolidays.contains(day) { return nil }
        return openingHours[Weekday(day)]
    }

    /// Whether the practice is open for online requests at `date`.
    public func intake(at date: Date) -> IntakeState {
        let (day, minute) = Self.localDayAndMinute(date)
        if bankHolidays.contains(day) { return .closed(.bankHoliday(nextOpening: nextOpening(after: date))) }
        if closures[day] != nil { return .closed(.closedDay(nextOpening: nextOpening(after: date))) }
        guard let hours = hours(on: day), hours.contains(minute: minute) else {
            return .closed(.outsideHours(nextOpening: nextOpening(after: date)))
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

    /// When a request of `urgency` received at `receivedAt` must be answered: an urgent one ("today") by the close of
    /// the day it arrives when the practice is open that day (or opens later that day), else by the close of the next
    /// day it opens; any other by the practice's promise (`replyBy(receivedAt:)`).
    public func replyBy(receivedAt: Date, urgency: Urgency) -> Date {
        guard urgency == .today else { return replyBy(receivedAt: receivedAt) }
        let (day, minute) = Self.localDayAndMinute(receivedAt)
        if let hours = hours(on: day), minute < hours.closes { return Self.moment(day, minute: hours.closes) }
        let opening = nextOpening(after: receivedAt)
        guard opening != .distantFuture, let hours = hours(on: CalendarDay(opening)) else { return .distantFuture }
        return Self.moment(CalendarDay(opening), minute: hours.closes)
    }

    /// The promise worked out again at `now`, when staff change a request's urgency or it moves to another service: an
    /// urgent one ("today") by the close of the day counted from now (never from before it arrived), any other as if it
    /// arrived with this urgency.
    public func replyBy(reworkedAt now: Date, receivedAt: Date, urgency: Urgency) -> Date {
        urgency == .today ? replyBy(receivedAt: max(now, receivedAt), urgency: .today) : replyBy(receivedAt: receivedAt, urgency: urgency)
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

    private enum CodingKeys: String, CodingKey { case openingHours, replyPromise }

    /// Reads the stored settings; hours shorter than core hours on a working day are an error, never a default.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        openingHours = try container.decode(OpeningHours.self, forKey: .openingHours)
        replyPromise = try container.decode(ReplyPromise.self, forKey: .replyPromise)
        let short = CoreHours.shortfall(of: openingHours)
        guard short.isEmpty else {
            throw DecodingError.dataCorruptedError(
                forKey: .openingHours, in: container,
                debugDescription: "Opening hours shorter than core hours on \(short.map(\.displayName).joined(separator: ", "))")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(openingHours, forKey: .openingHours)
        try container.encode(replyPromise, forKey: .replyPromise)
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
    /// A working day closed with the ICB's agreement.
    case closedDay(nextOpening: Date)
    case bankHoliday(nextOpening: Date)

    public var nextOpening: Date {
        switch self {
        case .outsideHours(let date), .closedDay(let date), .bankHoliday(let date): date
        }
    }

    /// What the patient reads instead of the form: why, when to come back, and where to get help meanwhile.
    public var message: String {
        let why =
            switch self {
            case .outsideHours: "The practice is not taking online requests at the moment."
            case .closedDay: "The practice is closed today."
            case .bankHoliday: "The practice is closed today for the bank holiday."
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
            case .bankHoliday: "The practice is closed today for the bank holiday."
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
    public func replyPromiseText(receivedAt: Date, urgency: Urgency = .routine) -> String {
        Self.promiseText(replyBy: replyBy(receivedAt: receivedAt, urgency: urgency))
    }

    /// "We will reply by 6:30pm on Tuesday 31 March 2026.", or, with no promise to give, that the practice will be in touch.
    public static func promiseText(replyBy date: Date) -> String {
        guard date != .distantFuture else { return "The practice will contact you." }
        return "We will reply by \(UKTime.clockAndDay(date))."
    }
}
