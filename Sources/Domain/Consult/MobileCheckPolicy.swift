import Foundation

/// The rules for checking that a mobile number is the patient's before links go to it: a 6-digit code by SMS that
/// lasts 10 minutes, 5 wrong tries before it stops working, and at most 3 codes for one request.
public struct MobileCheckPolicy: Sendable, Equatable {
    public var lifetime: TimeInterval
    public var allowedWrongAttempts: Int
    public var maximumCodes: Int

    public init(lifetime: TimeInterval = 10 * 60, allowedWrongAttempts: Int = 5, maximumCodes: Int = 3) {
        self.lifetime = lifetime
        self.allowedWrongAttempts = max(allowedWrongAttempts, 1)
        self.maximumCodes = max(maximumCodes, 1)
    }

    public static let standard = MobileCheckPolicy()

    /// Six random digits, leading zeros kept: "042917".
    public static func newCode() -> String {
        var generator = SystemRandomNumberGenerator()
        return String(format: "%06d", Int.random(in: 0..<1_000_000, using: &generator))
    }

    /// The code as typed ("042 917", "042-917") reduced to its digits, or nil unless six digits.
    public static func typedCode(_ text: String) -> String? {
        let digits = text.filter { !$0.isWhitespace && $0 != "-" }
        guard digits.count == 6, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return digits
    }

    /// Where a code sent at `sentAt` stands after `failures` wrong tries.
    public func state(sentAt: Date, failures: Int, now: Date) -> MobileCheckState {
        if failures >= allowedWrongAttempts { return .locked }
        if now >= sentAt.addingTimeInterval(lifetime) { return .expired }
        return .open(attemptsLeft: allowedWrongAttempts - max(failures, 0))
    }

    /// Whether another code may be sent after `codesSent`.
    public func mayResend(codesSent: Int) -> Bool { codesSent < maximumCodes }
}

/// Whether the code last sent can still be tried.
public enum MobileCheckState: Sendable, Equatable {
    case open(attemptsLeft: Int)
    case locked
    case expired

    /// What the patient reads after a wrong code, or when the code can no longer be used.
    public var message: String {
        switch self {
        case .open(let left):
            "That code is not right. Check the text message and try again: \(left) \(left == 1 ? "try" : "tries") left."
        case .locked:
            "That code has been tried too many times. Ask for a new code, or carry on: the practice has your request."
        case .expired:
            "That code has expired: codes work for 10 minutes. Ask for a new code, or carry on: the practice has your request."
        }
    }
}
