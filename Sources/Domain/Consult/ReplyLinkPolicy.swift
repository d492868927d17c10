import Foundation

/// The rules for a link that lets a patient reply to the practice: it lasts a week, and the patient proves who they
/// are with their date of birth, with three tries before the link locks.
public struct ReplyLinkPolicy: Sendable, Equatable {
    public var lifetime: TimeInterval
    public var allowedWrongAttempts: Int

    public init(lifetime: TimeInterval = 7 * 24 * 3600, allowedWrongAttempts: Int = 3) {
        self.lifetime = lifetime
        self.allowedWrongAttempts = max(allowedWrongAttempts, 1)
    }

    /// Seven days, three wrong dates of birth.
    public static let standard = ReplyLinkPolicy()

    public func expiresAt(issuedAt: Date) -> Date { issuedAt.addingTimeInterval(lifetime) }

    /// Where a link issued at `issuedAt` stands after `failures` wrong dates of birth.
    public func state(issuedAt: Date, failures: Int, now: Date) -> ReplyLinkState {
        if now >= expiresAt(issuedAt: issuedAt) { return .expired }
        if failures >= allowedWrongAttempts { return .locked }
        return .open(attemptsLeft: allowedWrongAttempts - max(failures, 0))
    }

    /// Where the link stands once one more wrong date of birth is added to `previousFailures`.
    public func afterWrongAttempt(previousFailures: Int) -> ReplyLinkState {
        let failures = max(previousFailures, 0) + 1
        return failures >= allowedWrongAttempts ? .locked : .open(attemptsLeft: allowedWrongAttempts - failures)
    }
}

/// Whether a reply link can still be used.
public enum ReplyLinkState: Sendable, Equatable {
    case open(attemptsLeft: Int)
    case locked
    case expired

    /// What the patient reads on the link's page, or nil when the link is open and nothing has gone wrong.
    public var message: String? {
        switch self {
        case .open: nil
        case .locked:
            "This link is locked because the date of birth did not match too many times. This keeps your details safe. "
                + "Call the practice and they can send you a new link. If you need help now, call NHS 111; in an emergency, call 999."
        case .expired:
            "This link has expired: links from the practice work for 7 days. Call the practice if you still need to reply. "
                + "If you need help now, call NHS 111; in an emergency, call 999."
        }
    }

    /// What the patient reads after a wrong date of birth: how many tries are left, or that the link is locked.
    public var wrongAttemptMessage: String {
        switch self {
        case .open(let left):
            "That date of birth does not match the practice's records. You have \(left) \(left == 1 ? "try" : "tries") left."
        case .locked, .expired:
            message ?? ""
        }
    }
}
