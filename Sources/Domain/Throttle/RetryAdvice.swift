import Foundation

/// When someone who was asked to wait may try again, in words: "in 7 minutes, after 14:33" (UK time).
public struct RetryAdvice: Sendable, Equatable {
    /// Whole minutes to wait, rounded up; at least 1.
    public let minutes: Int
    /// The first whole minute at which a new try is sure to be allowed.
    public let after: Date

    public init(retryAfterSeconds seconds: Int, now: Date) {
        let wait = max(seconds, 1)
        minutes = max(Int((Double(wait) / 60).rounded(.up)), 1)
        let exact = now.addingTimeInterval(TimeInterval(wait)).timeIntervalSinceReferenceDate
        after = Date(timeIntervalSinceReferenceDate: (exact / 60).rounded(.up) * 60)
    }

    /// "7 minutes", "1 hour 5 minutes".
    public var waitText: String { LockoutPolicy.spoken(TimeInterval(minutes * 60)) }

    /// "14:33", or "09:10 on Wednesday 4 March" when that is not today in the UK.
    public func clockText(now: Date) -> String {
        UKTime.clockOrDay(after, now: now)
    }

    /// "Try again in 7 minutes, after 14:33 (UK time)."
    public func sentence(now: Date) -> String {
        "Try again in \(waitText), after \(clockText(now: now)) (UK time)."
    }
}
