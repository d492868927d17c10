import Foundation

/// The middle and the 90th percentile of a set of durations, such as the time from a request arriving to its first
/// human triage. Nil figures when there is nothing to summarise, never a zero that reads as "instant".
public struct DurationSummary: Hashable, Sendable, Codable {
    public var count: Int
    /// Seconds; the mean of the two middle values when the count is even.
    public var medianSeconds: Double?
    /// Seconds, by the nearest-rank method: the smallest value with at least 90% of values at or below it.
    public var ninetiethSeconds: Double?

    public init(_ seconds: [Double]) {
        let sorted = seconds.filter(\.isFinite).sorted()
        count = sorted.count
        medianSeconds = Self.median(sorted)
        ninetiethSeconds = Self.percentile(90, of: sorted)
    }

    /// The median of values already sorted ascending.
    public static func median(_ sorted: [Double]) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// The nearest-rank `p`th percentile (0 < p ≤ 100) of values already sorted ascending.
    public static func percentile(_ p: Int, of sorted: [Double]) -> Double? {
        guard !sorted.isEmpty, (1...100).contains(p) else { return nil }
        let rank = (p * sorted.count + 99) / 100  // ceil(p/100 × n), in whole numbers
        return sorted[max(rank, 1) - 1]
    }

    /// "2 h 05 min", "14 min", "under a minute", or "none" when there was nothing to measure.
    public static func words(_ seconds: Double?) -> String {
        guard let seconds else { return "none" }
        let minutes = Int((seconds / 60).rounded(.down))
        if minutes < 1 { return "under a minute" }
        if minutes < 60 { return "\(minutes) min" }
        let hours = minutes / 60
        let rest = minutes % 60
        return hours < 48 ? "\(hours) h \(rest < 10 ? "0" : "")\(rest) min" : "\(hours / 24) days \(hours % 24) h"
    }
}
