import Foundation

/// A day of the week, Monday first as in the UK.
public enum Weekday: Int, CaseIterable, Codable, Sendable, Comparable {
    case monday = 1, tuesday, wednesday, thursday, friday, saturday, sunday

    /// The weekday on which `day` falls.
    public init(_ day: CalendarDay) {
        // 1 January 1970 (day number 0) was a Thursday.
        let offset = ((day.dayNumber + 3) % 7 + 7) % 7
        self = Weekday(rawValue: offset + 1)!
    }

    public var displayName: String {
        ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][rawValue - 1]
    }

    public static func < (lhs: Weekday, rhs: Weekday) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The opening and closing time of one day, in minutes from midnight UK local time (480 = 08:00).
public struct DailyHours: Sendable, Hashable, Codable {
    public let opens: Int
    public let closes: Int

    /// Nil unless 0 ≤ opens < closes ≤ 1440.
    public init?(opens: Int, closes: Int) {
        guard 0 <= opens, opens < closes, closes <= 24 * 60 else { return nil }
        self.opens = opens
        self.closes = closes
    }

    /// Reads two clock times such as "08:00" and "18:30".
    public init?(opens: String, closes: String) {
        guard let start = Self.minutes(opens), let end = Self.minutes(closes) else { return nil }
        self.init(opens: start, closes: end)
    }

    /// Whether the minute of the day `minute` falls within opening hours (open at `opens`, closed at `closes`).
    public func contains(minute: Int) -> Bool { opens <= minute && minute < closes }

    /// "08:00" → 480; "24:00" → 1440; nil for anything else.
    public static func minutes(_ clock: String) -> Int? {
        let parts = clock.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCII) }),
            let hours = Int(parts[0]), let minutes = Int(parts[1]), (0...59).contains(minutes),
            (0...23).contains(hours) || (hours == 24 && minutes == 0)
        else { return nil }
        return hours * 60 + minutes
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let opens = try container.decode(Int.self, forKey: .opens)
        let closes = try container.decode(Int.self, forKey: .closes)
        guard let hours = DailyHours(opens: opens, closes: closes) else {
            throw DecodingError.dataCorruptedError(
                forKey: .closes, in: container, debugDescription: "A practice must open before it closes, within one day.")
        }
        self = hours
    }

    private enum CodingKeys: String, CodingKey { case opens, closes }
}

/// When a practice is open on each day of the week; a day without hours is closed all day.
public struct OpeningHours: Sendable, Hashable, Codable {
    public var byWeekday: [Weekday: DailyHours]

    public init(byWeekday: [Weekday: DailyHours]) {
        self.byWeekday = byWeekday
    }

    public init(
        monday: DailyHours? = nil, tuesday: DailyHours? = nil, wednesday: DailyHours? = nil,
        thursday: DailyHours? = nil, friday: DailyHours? = nil, saturday: DailyHours? = nil, sunday: DailyHours? = nil
    ) {
        let pairs: [(Weekday, DailyHours?)] = [
            (.monday, monday), (.tuesday, tuesday), (.wednesday, wednesday), (.thursday, thursday),
            (.friday, friday), (.saturday, saturday), (.sunday, sunday),
        ]
        byWeekday = Dictionary(uniqueKeysWithValues: pairs.compactMap { day, hours in hours.map { (day, $0) } })
    }

    /// The same hours Monday to Friday, closed at the weekend.
    public static func weekdays(_ hours: DailyHours) -> OpeningHours {
        OpeningHours(monday: hours, tuesday: hours, wednesday: hours, thursday: hours, friday: hours)
    }

    public subscript(weekday: Weekday) -> DailyHours? {
        get { byWeekday[weekday] }
        set { byWeekday[weekday] = newValue }
    }
}
