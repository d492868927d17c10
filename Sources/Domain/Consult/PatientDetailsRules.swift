import Foundation

/// The checks behind `PatientDetailsInput.validate`, one field at a time.
public enum PatientDetailsRules {
    /// Either a cleaned value or the message for the patient.
    enum Check<Value> {
        case success(Value)
        case failure(String)
    }

    /// The trimmed text, or nil when the field is missing or blank.
    static func present(_ text: String?) -> String? {
        guard let trimmed = text?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else { return nil }
        return trimmed
    }

    static func name(_ text: String?, label: String) -> Check<String> {
        guard let name = present(text) else { return .failure("Enter your \(label).") }
        guard name.count <= 100 else { return .failure("Your \(label) must be 100 characters or fewer.") }
        guard !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            return .failure("Your \(label) contains characters that cannot be used. Type it again.")
        }
        return .success(name)
    }

    static func dateOfBirth(_ text: String?, today: CalendarDay) -> Check<CalendarDay> {
        guard let text = present(text) else { return .failure("Enter your date of birth.") }
        guard let day = CalendarDay(text) ?? slashed(text) else {
            return .failure("Enter your date of birth as a real date, for example 28 4 1980.")
        }
        guard day <= today else { return .failure("Your date of birth must be in the past.") }
        let earliest =
            CalendarDay(year: today.year - 130, month: today.month, day: today.day)
            ?? CalendarDay(year: today.year - 130, month: today.month, day: today.day - 1)
        if let earliest, day < earliest {
            return .failure("Check the year of your date of birth: it is more than 130 years ago.")
        }
        return .success(day)
    }

    /// Reads "28/04/1980" or "28/4/1980" (day first, as in the UK).
    private static func slashed(_ text: String) -> CalendarDay? {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, (1...2).contains(parts[0].count), (1...2).contains(parts[1].count), parts[2].count == 4,
            parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let day = Int(parts[0]), let month = Int(parts[1]), let year = Int(parts[2])
        else { return nil }
        return CalendarDay(year: year, month: month, day: day)
    }

    /// "07700 900123", "+44 (0)7700 900123", "0044 7700 900123" → "+447700900123"; nil unless a UK mobile.
    public static func ukMobile(_ text: String) -> String? {
        var compact = text.filter { !$0.isWhitespace && $0 != "-" && $0 != "(" && $0 != ")" && $0 != "." }
        if compact.hasPrefix("+") {
            compact.removeFirst()
            guard compact.hasPrefix("44") else { return nil }
        } else if compact.hasPrefix("00") {
            compact.removeFirst(2)
            guard compact.hasPrefix("44") else { return nil }
        } else if compact.hasPrefix("0") {
            compact = "44" + compact.dropFirst()
        }
        guard compact.hasPrefix("44") else { return nil }
        var national = compact.dropFirst(2)
        if national.hasPrefix("0") { national = national.dropFirst() }  // "+44 (0)7700…"
        guard national.count == 10, national.hasPrefix("7"), national.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            return nil
        }
        return "+44" + national
    }

    /// The trimmed address if it has the shape name@domain.tld, no spaces, and at most 254 characters.
    static func email(_ text: String) -> String? {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard text.count <= 254, parts.count == 2, !parts[0].isEmpty,
            !text.contains(where: { $0.isWhitespace || $0.isNewline || $0 == "," || $0 == "<" || $0 == ">" })
        else { return nil }
        let labels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty && !$0.hasPrefix("-") && !$0.hasSuffix("-") }),
            let top = labels.last, top.count >= 2, top.allSatisfy(\.isLetter)
        else { return nil }
        return text
    }
}

/// Free text from a patient (their request, a reply): cleaned of invisible control characters and held to a limit.
public enum FreeText {
    /// The text trimmed, with line endings made "\n" and control characters other than new lines and tabs removed.
    /// Throws when the result is longer than `limit` characters.
    public static func clean(_ text: String, limit: Int) throws(FreeTextProblem) -> String {
        let unified = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        var scalars = String.UnicodeScalarView()
        for scalar in unified.unicodeScalars
        where scalar == "\n" || scalar == "\t" || scalar.properties.generalCategory != .control {
            scalars.append(scalar)
        }
        let cleaned = String(scalars).trimmingCharacters(in: .whitespacesAndNewlines)
        guard cleaned.count <= limit else { throw .tooLong(limit: limit, count: cleaned.count) }
        return cleaned
    }
}

/// Why free text was refused.
public enum FreeTextProblem: Error, Equatable, Sendable {
    case tooLong(limit: Int, count: Int)

    /// What to tell the patient.
    public var message: String {
        switch self {
        case .tooLong(let limit, let count):
            "This is \(count) characters long, and the limit is \(limit). Shorten it, "
                + "or send the most important part now: the practice can ask you for more."
        }
    }
}
