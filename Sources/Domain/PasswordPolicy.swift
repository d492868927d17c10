import Foundation

/// Why a chosen password was refused.
public enum PasswordProblem: Error, Equatable, Sendable {
    case tooShort(minimum: Int)
    case tooLong(maximum: Int)
    case common
    case containsEmailName

    /// What to tell the person choosing the password.
    public var message: String {
        switch self {
        case .tooShort(let minimum):
            "Choose a longer password: at least \(minimum) characters. Three random words work well."
        case .tooLong(let maximum):
            "Choose a shorter password: at most \(maximum) characters."
        case .common:
            "This password is one of the most common and is easy to guess. Choose another: three random words work well."
        case .containsEmailName:
            "Your password must not contain your email name. Choose another: three random words work well."
        }
    }
}

/// Password rules in the NCSC style: length over complexity, no composition rules, a deny-list.
public struct PasswordPolicy: Sendable {
    public var minimumLength: Int
    public var maximumLength: Int

    public init(minimumLength: Int = 10, maximumLength: Int = 1024) {
        self.minimumLength = minimumLength
        self.maximumLength = maximumLength
    }

    /// At least 10 characters, at most 1024.
    public static let standard = PasswordPolicy()

    /// First problem found, or nil when the password is acceptable. NCSC style: no composition rules,
    /// passphrases welcome, a deny-list of common passwords (case-insensitive, also with trailing
    /// digits/punctuation stripped), refuse passwords containing the local part of the email address
    /// (when that part is 4+ characters).
    public func problem(with password: String, email: String?) -> PasswordProblem? {
        let length = password.count
        if length < minimumLength { return .tooShort(minimum: minimumLength) }
        if length > maximumLength { return .tooLong(maximum: maximumLength) }
        if Self.isCommon(password) { return .common }
        if let name = Self.emailName(email), password.lowercased().contains(name) { return .containsEmailName }
        return nil
    }

    /// Whether the password, or its stem without trailing digits and punctuation, is on the deny-list.
    static func isCommon(_ password: String) -> Bool {
        let lowered = password.lowercased()
        if CommonPasswords.all.contains(lowered) { return true }
        let stem = String(lowered.reversed().drop { $0.isNumber || $0.isPunctuation || $0.isSymbol || $0.isWhitespace }.reversed())
        return !stem.isEmpty && CommonPasswords.all.contains(stem)
    }

    /// The lower-cased local part of an email address when it is long enough to matter.
    static func emailName(_ email: String?) -> String? {
        guard let email else { return nil }
        let trimmed = email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let local = trimmed.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        return local.count >= 4 ? local : nil
    }
}
