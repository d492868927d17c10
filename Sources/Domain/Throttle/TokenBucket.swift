import Foundation

/// A token bucket: a client may act while it has a token; each act takes one, and tokens come back one at a time
/// at a steady pace up to the bucket's capacity. So a client gets a burst of `capacity` acts, then one every
/// `refillInterval`. Time is passed in, never read, so the rules are exact in tests.
public struct TokenBucket: Sendable, Equatable {
    /// How big a burst is and how fast it comes back.
    public struct Rule: Sendable, Equatable, CustomStringConvertible {
        /// The most tokens the bucket holds: the burst a fresh client gets. At least 1.
        public let capacity: Int
        /// Seconds for one token to come back. At least one millisecond.
        public let refillInterval: TimeInterval

        /// A rule; a capacity below 1 counts as 1 and an interval below a millisecond as a millisecond.
        public init(capacity: Int, refillInterval: TimeInterval) {
            self.capacity = max(capacity, 1)
            self.refillInterval = refillInterval.isFinite ? max(refillInterval, 0.001) : 0.001
        }

        /// "a burst of 5, then 1 every 10 minutes"
        public var description: String {
            "a burst of \(capacity), then 1 every \(Self.spoken(refillInterval))"
        }

        private static func spoken(_ seconds: TimeInterval) -> String {
            let whole = Int(seconds.rounded())
            if whole >= 3600, whole % 3600 == 0 { return whole == 3600 ? "hour" : "\(whole / 3600) hours" }
            if whole >= 60, whole % 60 == 0 { return whole == 60 ? "minute" : "\(whole / 60) minutes" }
            return whole == 1 ? "second" : "\(whole) seconds"
        }
    }

    /// The answer to one attempt.
    public enum Decision: Sendable, Equatable {
        case allowed
        /// Refused: a token comes back after this many whole seconds (at least 1).
        case retryAfter(seconds: Int)
    }

    /// Float dust below this never turns an allowed attempt into a refusal.
    static let tolerance = 1e-6

    public let rule: Rule
    /// Tokens held at `updatedAt` (fractions count towards the next token).
    public private(set) var tokens: Double
    public private(set) var updatedAt: Date

    /// A full bucket: a client never seen before gets the whole burst.
    public init(rule: Rule, now: Date) {
        self.rule = rule
        self.tokens = Double(rule.capacity)
        self.updatedAt = now
    }

    /// Tokens held at `now`; a clock that went backwards adds none.
    public func tokens(at now: Date) -> Double {
        let elapsed = max(now.timeIntervalSince(updatedAt), 0)
        return min(Double(rule.capacity), tokens + elapsed / rule.refillInterval)
    }

    /// True when the bucket is back to its capacity: it is then the same as a fresh one and may be forgotten.
    public func isFull(at now: Date) -> Bool {
        tokens(at: now) >= Double(rule.capacity) - Self.tolerance
    }

    /// Takes a token if there is one; otherwise says how long until there is, and takes nothing.
    public mutating func take(at now: Date) -> Decision {
        let available = tokens(at: now)
        if now > updatedAt { updatedAt = now }
        tokens = available
        if available >= 1 - Self.tolerance {
            tokens = max(available - 1, 0)
            return .allowed
        }
        let wait = ((1 - available) * rule.refillInterval - Self.tolerance).rounded(.up)
        return .retryAfter(seconds: max(Int(wait), 1))
    }
}

extension TokenBucket.Rule {
    /// Reads "5/10m": a burst of 5, then 1 every 10 minutes. The interval is a whole number with `s`, `m` or `h`.
    public init(parsing text: String) throws(TokenBucketRuleError) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let capacity = Int(parts[0].trimmingCharacters(in: .whitespaces)) else { throw .notARule(text) }
        let interval = parts[1].trimmingCharacters(in: .whitespaces).lowercased()
        let digits = interval.dropLast()
        guard let unit = interval.last, let multiplier = ["s": 1, "m": 60, "h": 3600][unit],
            digits.allSatisfy({ $0.isASCII && $0.isNumber }), let count = Int(digits)
        else { throw .notARule(text) }
        guard (1...1_000_000).contains(capacity) else { throw .burstOutOfRange(capacity) }
        guard (1...86_400).contains(count), (1...86_400).contains(count * multiplier) else { throw .intervalOutOfRange(interval) }
        self.init(capacity: capacity, refillInterval: TimeInterval(count * multiplier))
    }
}

/// Why a throttle rule could not be read.
public enum TokenBucketRuleError: Error, Equatable, Sendable {
    case notARule(String)
    case burstOutOfRange(Int)
    case intervalOutOfRange(String)

    public var message: String {
        switch self {
        case .notARule(let text):
            "must be a burst and a refill time, such as 5/10m (a burst of 5, then 1 more every 10 minutes; s, m or h), not \(text)"
        case .burstOutOfRange(let burst): "must have a burst from 1 to 1000000, not \(burst)"
        case .intervalOutOfRange(let interval): "must have a refill time from 1s to 24h, not \(interval)"
        }
    }
}
