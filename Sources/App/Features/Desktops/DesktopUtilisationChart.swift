import Foundation
import Plot

/// An SVG chart of a pool over the last day: seats taken against seats, and people waiting.
struct DesktopUtilisationChart {
    var samples: [DesktopPoolSample]
    var now: Date

    private let width = 720.0
    private let height = 200.0
    private let margin = 32.0

    var node: Node<HTML.BodyContext> {
        guard !samples.isEmpty else { return .p(.text("No utilisation has been recorded in the last 24 hours yet.")) }
        let top = Double(max(samples.map { max($0.seats, $0.occupied + $0.waiting) }.max() ?? 1, 1))
        let start = now.addingTimeInterval(-24 * 3600)
        let x = { (date: Date) in self.margin + (date.timeIntervalSince(start) / (24 * 3600)) * (self.width - 2 * self.margin) }
        let y = { (value: Int) in self.height - self.margin - Double(value) / top * (self.height - 2 * self.margin) }
        let line = { (value: (DesktopPoolSample) -> Int) in
            samples.map { String(format: "%.1f,%.1f", x($0.minute), y(value($0))) }.joined(separator: " ")
        }
        let peak = samples.max { $0.occupied < $1.occupied }!
        let mostWaiting = samples.map(\.waiting).max() ?? 0
        let waited = samples.reduce(0) { $0 + $1.waited }
        let waitedText =
            switch (waited, mostWaiting) {
            case (0, 0): "nobody had to wait"
            case (let joined, let most):
                // samples from before people were counted (M035) have only the most waiting at once
                "\(max(joined, most) == 1 ? "1 person" : "\(max(joined, most)) people") waited for a seat, at most \(max(most, 1)) at once"
            }
        let summary = "Seats taken peaked at \(peak.occupied) of \(peak.seats); \(waitedText)."
        let svg = """
            <svg viewBox="0 0 \(Int(width)) \(Int(height))" role="img" aria-labelledby="utilisation-title" class="chart">\
            <title id="utilisation-title">\(summary)</title>\
            <line x1="\(margin)" y1="\(height - margin)" x2="\(width - margin)" y2="\(height - margin)" stroke="#4c6272"/>\
            <polyline fill="none" stroke="#aeb7bd" stroke-width="2" stroke-dasharray="4 3" points="\(line { $0.seats })"/>\
            <polyline fill="none" stroke="#005eb8" stroke-width="2" points="\(line { $0.occupied })"/>\
            <polyline fill="none" stroke="#d5281b" stroke-width="2" points="\(line { $0.waiting })"/>\
            <text x="\(margin)" y="16" font-size="12">seats (grey), taken (blue), waiting (red); 24 hours to now</text>\
            </svg>
            """
        return .div(.class("chart-box"), .raw(svg), .p(.class("hint"), .text(summary)))
    }
}
