import Foundation

/// The dates of a person's engagement with an organisation: access starts and ends with them.
public struct EngagementPeriod: Sendable, Equatable, Codable {
    public let starts: CalendarDay
    /// The last day of the engagement, or nil when it is open-ended.
    public let ends: CalendarDay?

    public init(starts: CalendarDay, ends: CalendarDay?) throws(EngagementPeriodError) {
        if let ends, ends < starts { throw .endsBeforeStart }
        self.starts = starts
        self.ends = ends
    }

    /// Whether the engagement covers `day`, counting both its first and its last day.
    public func isActive(on day: CalendarDay) -> Bool {
        guard day >= starts else { return false }
        guard let ends else { return true }
        return day <= ends
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let starts = try container.decode(CalendarDay.self, forKey: .starts)
        let ends = try container.decodeIfPresent(CalendarDay.self, forKey: .ends)
        do {
            try self.init(starts: starts, ends: ends)
        } catch {
            throw DecodingError.dataCorruptedError(forKey: .ends, in: container, debugDescription: error.message)
        }
    }

    private enum CodingKeys: String, CodingKey { case starts, ends }
}

/// Why engagement dates were refused.
public enum EngagementPeriodError: Error, Equatable, Sendable {
    case endsBeforeStart

    /// What to tell the person who entered the dates.
    public var message: String {
        switch self {
        case .endsBeforeStart:
            "The end date is before the start date. Check both dates: an engagement can start and end on the same day."
        }
    }
}
