import Foundation

/// How long an API token works: 90 days unless its maker chooses otherwise, from 1 to 365 days. A token that
/// expires must be replaced by a new one; nothing extends it.
public struct APITokenLifetime: Sendable, Equatable {
    public static let defaultDays = 90
    public static let allowedDays: ClosedRange<Int> = 1...365
    public static let standard = APITokenLifetime(unchecked: defaultDays)

    public let days: Int

    public init(days: Int) throws(APITokenLifetimeError) {
        guard Self.allowedDays.contains(days) else { throw .outOfRange }
        self.days = days
    }

    /// Reads the lifetime field of the tokens page (or the command line): a whole number of days, spaces allowed.
    public init(text: String?) throws(APITokenLifetimeError) {
        let trimmed = (text ?? "").trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw .missing }
        guard trimmed.count <= 6, trimmed.allSatisfy(\.isASCIIDigit), let days = Int(trimmed) else { throw .notAWholeNumber }
        try self.init(days: days)
    }

    private init(unchecked days: Int) { self.days = days }

    /// The moment a token made at `now` stops working: the same time of day (UK time), `days` days later.
    public func expiry(from now: Date) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .london
        return calendar.date(byAdding: .day, value: days, to: now) ?? now.addingTimeInterval(Double(days) * 86_400)
    }
}

/// Why a lifetime was refused.
public enum APITokenLifetimeError: Error, Equatable, Sendable {
    case missing, notAWholeNumber, outOfRange

    /// What to tell the person making the token.
    public var message: String {
        let range = "from \(APITokenLifetime.allowedDays.lowerBound) to \(APITokenLifetime.allowedDays.upperBound)"
        return switch self {
        case .missing: "Enter how many days the token should work, \(range) (90 is usual)."
        case .notAWholeNumber: "Enter the lifetime as a whole number of days, \(range), such as 90."
        case .outOfRange: "A token can work for \(range) days. Enter a number in that range."
        }
    }
}

/// When a token stops working, as the tokens page and the API's refusals say it.
public struct APITokenExpiry: Sendable, Equatable {
    public let expiresAt: Date

    public init(_ expiresAt: Date) { self.expiresAt = expiresAt }

    /// A token works up to, not at, its expiry.
    public func hasExpired(at now: Date) -> Bool { now >= expiresAt }

    /// "Expires 6 March 2027" or "Expired 6 March 2027" (the day in the UK).
    public func status(at now: Date) -> String {
        (hasExpired(at: now) ? "Expired " : "Expires ") + CalendarDay(expiresAt).displayText
    }

    /// "15:04 on 6 March 2027 (UK time)".
    public var momentText: String {
        UKTime.moment(expiresAt)
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
