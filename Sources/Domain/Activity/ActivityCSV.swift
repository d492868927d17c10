import Foundation

/// The monthly activity as CSV: for each practice, a row per UK day and a row for the month ("total" in the date
/// column). Times are in whole minutes; a median with nothing to measure is an empty cell, not a zero.
public enum ActivityCSV {
    /// The columns, in order, exactly as the header row names them.
    public static let header: [String] =
        ["ods_code", "practice", "date", "requests"]
        + RequestCategory.allCases.map { "type_\($0.rawValue)" }
        + RequestChannel.allCases.map { "channel_\(snake($0.rawValue))" }
        + Urgency.allCases.map { "urgency_\($0.rawValue)" }
        + ["triaged", "untriaged", "median_minutes_to_first_triage", "p90_minutes_to_first_triage"]
        + Outcome.allCases.map { "outcome_\(snake($0.rawValue))" }
        + ["red_flag_advice_shown", "sent_after_advice", "refused_while_closed", "throttled"]
        + ["video_booked", "video_held", "video_median_minutes", "video_total_minutes"]

    /// The header and every row of each practice, lines ended by CRLF.
    public static func document(_ practices: [(odsCode: String, name: String, activity: PracticeActivity)]) -> String {
        var lines = [header.joined(separator: ",")]
        for practice in practices {
            for day in practice.activity.days {
                lines.append(line(odsCode: practice.odsCode, name: practice.name, date: day.day.iso, counts: day.counts))
            }
            lines.append(line(odsCode: practice.odsCode, name: practice.name, date: "total", counts: practice.activity.total))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// One row; every field quoted where CSV needs it, and a leading =, +, - or @ made inert for spreadsheets.
    public static func line(odsCode: String, name: String, date: String, counts c: ActivityCounts) -> String {
        let minutes = { (seconds: Double?) in seconds.map { String(Int(($0 / 60).rounded())) } ?? "" }
        var fields = [odsCode, name, date, String(c.requests)]
        fields += RequestCategory.allCases.map { String(c.byCategory[$0] ?? 0) }
        fields += RequestChannel.allCases.map { String(c.byChannel[$0] ?? 0) }
        fields += Urgency.allCases.map { String(c.byUrgency[$0] ?? 0) }
        let waits = c.timeToFirstTriage
        fields += [String(waits.count), String(c.untriaged), minutes(waits.medianSeconds), minutes(waits.ninetiethSeconds)]
        fields += Outcome.allCases.map { String(c.outcomes[$0] ?? 0) }
        fields += [c.adviceShown, c.sentAfterAdvice, c.refused, c.throttled, c.videoBooked, c.videoHeld].map(String.init)
        fields += [minutes(c.videoLength.medianSeconds), c.videoLengths.isEmpty ? "0" : minutes(c.videoLengths.reduce(0, +))]
        return fields.map(field).joined(separator: ",")
    }

    static func field(_ text: String) -> String {
        var text = text
        if let first = text.first, "=+-@".contains(first) { text = "'" + text }
        guard text.contains(where: { ",\"\r\n".contains($0) }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// "staffOnBehalf" → "staff_on_behalf".
    static func snake(_ name: String) -> String {
        name.reduce(into: "") { text, character in
            if character.isUppercase { text += "_" + character.lowercased() } else { text.append(character) }
        }
    }
}
