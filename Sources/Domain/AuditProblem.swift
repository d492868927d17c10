import Foundation

/// Something wrong with the audit trail, each told as one sentence naming the row and when it was recorded.
public enum AuditProblem: Sendable, Equatable {
    /// A field of the row was emptied or given a value of the wrong kind.
    case unreadable(sequence: Int64, recordedAtMillis: Int64?)
    /// The row's hash does not match its contents.
    case changed(sequence: Int64, recordedAtMillis: Int64)
    /// The row's link is not the hash of the row before it.
    case notFollowing(sequence: Int64, recordedAtMillis: Int64)
    /// Rows `first` to `last` are gone from the middle or the start of the trail.
    case missing(first: Int64, last: Int64, nextRecordedAtMillis: Int64?)
    /// The trail ends at `lastRow` (0: empty) but a checkpoint counted more.
    case tailMissing(lastRow: Int64, checkpoint: AuditCheckpoint)
    /// The row at a checkpoint's sequence no longer has the hash the checkpoint signed.
    case rewritten(checkpoint: AuditCheckpoint, recordedAtMillis: Int64?, lastMatching: AuditCheckpoint?)
    /// Lines of the checkpoint file that are not checkpoints signed with this data key.
    case checkpointLinesNotAuthentic(lines: [Int])

    public func sentence(timeZone: TimeZone = .london) -> String {
        let time = { (millis: Int64) in Self.time(millis, timeZone: timeZone) }
        let row = { (sequence: Int64, at: Int64?) in
            "row \(Self.number(sequence))" + (at.map { " (recorded \(time($0)))" } ?? "")
        }
        let capitalRow = { (sequence: Int64, at: Int64?) in "R" + row(sequence, at).dropFirst() }
        switch self {
        case .unreadable(let sequence, let at):
            return "\(capitalRow(sequence, at)) cannot be read: one of its fields was emptied or given a value of the wrong kind "
                + "after it was written."
        case .changed(let sequence, let at):
            return "\(capitalRow(sequence, at)) was changed after it was written."
        case .notFollowing(let sequence, let at):
            let before = Self.number(sequence - 1)
            return "\(capitalRow(sequence, at)) does not follow row \(before): row \(before) was changed and its hash recomputed, "
                + "or a row was put in between."
        case .missing(let first, let last, let at):
            let next = row(last + 1, at)
            let rows = first == last ? "Row \(Self.number(first)) is" : "Rows \(Self.number(first)) to \(Self.number(last)) are"
            if first == 1 { return "\(rows) missing: the trail starts at \(next)." }
            return "\(rows) missing: \(next) follows row \(Self.number(first - 1))."
        case .tailMissing(let lastRow, let checkpoint):
            let counted = "the checkpoint of \(time(checkpoint.writtenAtMillis)) counted \(Self.number(checkpoint.sequence))"
            if lastRow == 0 { return "Every row of the audit trail is missing: \(counted), so the table was emptied." }
            return "Rows after \(Self.number(lastRow)) are missing: \(counted), so rows were deleted from the end of the trail."
        case .rewritten(let checkpoint, let at, let lastMatching):
            let changed = row(checkpoint.sequence, at)
            let stillGood =
                lastMatching.map {
                    "; rows up to \(Self.number($0.sequence)) still match the checkpoint of \(time($0.writtenAtMillis))"
                } ?? ""
            return "The chain was rewritten: \(changed) no longer matches the checkpoint of \(time(checkpoint.writtenAtMillis)), "
                + "so rows up to it were changed and their hashes recomputed\(stillGood)."
        case .checkpointLinesNotAuthentic(let lines):
            let why = "written with another data key or by someone else, so"
            if lines.count == 1 {
                return "Line \(Self.number(Int64(lines[0]))) of the checkpoint file fails its key check: it was \(why) it cannot "
                    + "vouch for the trail."
            }
            let named =
                lines.count <= 5
                ? "Lines \(Self.list(lines.map { Self.number(Int64($0)) })) of the checkpoint file"
                : "\(Self.number(Int64(lines.count))) lines of the checkpoint file (the first is line \(Self.number(Int64(lines[0]))))"
            return "\(named) fail their key check: they were \(why) they cannot vouch for the trail."
        }
    }

    /// 1234 as "1,234".
    public static func number(_ value: Int64) -> String {
        let digits = String(value.magnitude)
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        return (value < 0 ? "-" : "") + grouped
    }

    /// Milliseconds since 1970 as "2026-12-06 09:41 UK time".
    public static func time(_ millis: Int64, timeZone: TimeZone = .london) -> String {
        let zone = timeZone == .london ? "UK time" : (timeZone.abbreviation() ?? timeZone.identifier)
        return UKTime.sortable(Date(timeIntervalSince1970: Double(millis) / 1000), in: timeZone) + " " + zone
    }

    /// "1, 2 and 3".
    private static func list(_ items: [String]) -> String {
        items.count <= 1 ? items.joined() : items.dropLast().joined(separator: ", ") + " and " + items.last!
    }
}
