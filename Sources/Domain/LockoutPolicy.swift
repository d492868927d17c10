import Foundation

/// How long sign-in is locked after repeated wrong passwords or codes: a few free tries, then
/// a lock that doubles with each further failure up to a ceiling.
public struct LockoutPolicy: Sendable, Equatable {
    public var freeAttempts: Int
    public var firstLock: TimeInterval
    public var longestLock: TimeInterval

    public init(freeAttempts: Int = 5, firstLock: TimeInterval = 60, longestLock: TimeInterval = 3600) {
        self.freeAttempts = freeAttempts
        self.firstLock = firstLock
        self.longestLock = longestLock
    }

    /// Five free attempts, then one minute, doubling up to one hour.
    public static let standard = LockoutPolicy()

    /// How long to lock after `failures` consecutive failures: nil below freeAttempts; then firstLock
    /// doubling with each further failure, capped at longestLock.
    public func lockDuration(afterFailures failures: Int) -> TimeInterval? {
        guard failures >= freeAttempts else { return nil }
        let doublings = min(failures - freeAttempts, 62)
        return min(firstLock * pow(2, Double(doublings)), longestLock)
    }

    /// "Too many attempts. Your account is locked for 2 minutes. Try again after 10:42, or ask your
    /// practice manager to help." Times are shown in UK time.
    public func message(lockedUntil: Date, now: Date) -> String {
        let remaining = max(lockedUntil.timeIntervalSince(now), 0)
        let time = UKTime.clock(lockedUntil)
        return "Too many attempts. Your account is locked for \(Self.spoken(remaining)). "
            + "Try again after \(time), or ask your practice manager to help."
    }

    /// A duration in words, rounded up to whole minutes: "1 minute", "2 minutes", "1 hour", "1 hour 5 minutes".
    static func spoken(_ interval: TimeInterval) -> String {
        let minutes = max(Int((interval / 60).rounded(.up)), 1)
        let hours = minutes / 60
        let rest = minutes % 60
        let minutePart = rest == 1 ? "1 minute" : "\(rest) minutes"
        switch (hours, rest) {
        case (0, _): return minutePart
        case (_, 0): return hours == 1 ? "1 hour" : "\(hours) hours"
        default: return (hours == 1 ? "1 hour " : "\(hours) hours ") + minutePart
        }
    }
}
