/// The file of one-off bank holiday changes, one per line, which an admin updates when a day is proclaimed:
///
///     2022-06-03 added Platinum Jubilee bank holiday
///     2022-06-02 moved from 2022-05-30 Spring bank holiday
///
/// Blank lines and lines starting `#` are skipped. A line that cannot be read stops the whole file, with its number.
public enum BankHolidayChanges {
    public struct LineError: Error, Hashable, Sendable, CustomStringConvertible {
        public var line: Int
        public var problem: String
        public var description: String { "line \(line): \(problem)" }
    }

    public static func parse(_ text: String) throws(LineError) -> [BankHolidayChange] {
        var changes: [BankHolidayChange] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingWhitespace
            if line.isEmpty || line.hasPrefix("#") { continue }
            let words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            let fail = { (problem: String) in LineError(line: index + 1, problem: problem) }
            guard let first = words.first, let day = CalendarDay(first) else { throw fail("it does not start with a date like 2023-05-08") }
            switch words.dropFirst().first {
            case "added":
                let name = words.dropFirst(2).joined(separator: " ")
                guard !name.isEmpty else { throw fail("the day added has no name") }
                changes.append(BankHolidayChange(day: day, name: name))
            case "moved":
                guard words.count > 3, words[2] == "from", let from = CalendarDay(words[3]) else {
                    throw fail("write “moved from” and the date it was moved from, like 2022-05-30")
                }
                let name = words.dropFirst(4).joined(separator: " ")
                guard !name.isEmpty else { throw fail("the day moved has no name") }
                guard from != day else { throw fail("a day cannot move to itself") }
                changes.append(BankHolidayChange(day: day, movedFrom: from, name: name))
            default:
                throw fail("after the date, write “added” or “moved from”")
            }
        }
        return changes
    }
}

extension Substring {
    fileprivate var trimmingWhitespace: String {
        String(
            drop(while: { $0 == " " || $0 == "\t" || $0 == "\r" }).reversed().drop(while: { $0 == " " || $0 == "\t" || $0 == "\r" })
                .reversed())
    }
}
