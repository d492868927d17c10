import Foundation
import Plot

/// A horizontal bar chart in SVG: one bar per row, an optional target line, and the same figures as text beside it
/// for screen readers and for anyone who prefers the numbers.
struct EstateBarChart {
    struct Bar {
        var label: String
        var value: Int
        /// Drawn behind the bar, such as an allocation behind the spend.
        var total: Int?
        var text: String
    }

    var id: String
    var title: String
    var bars: [Bar]
    /// The axis maximum; bars above it are drawn full.
    var scale: Int
    /// A vertical line at this value, such as the readiness target.
    var target: Int?
    var targetLabel: String?
    /// What the bars measure, written under the axis: "Amount (£)", "Requests", "Staff ready (%)".
    var axisLabel = ""
    /// What each bar is, written above the bar labels: "Pot", "Stage", "Practice".
    var rowsLabel = ""
    /// The text of a tick on the axis for a value on the scale.
    var tick: (Int) -> String = { String($0) }
    /// At most this many bars are drawn; the table beside the chart holds every row.
    var limit = 40

    private let width = 720.0
    private let rowHeight = 22.0
    private let labelWidth = 230.0

    var node: Node<HTML.BodyContext> {
        guard !bars.isEmpty else { return .p(.text("Nothing to chart yet.")) }
        let shown = Array(bars.prefix(limit))
        let barsBottom = Double(shown.count) * rowHeight + 24
        let height = barsBottom + 44
        let plot = width - labelWidth - 190
        let x = { (value: Int) in self.labelWidth + Double(min(max(value, 0), max(self.scale, 1))) / Double(max(self.scale, 1)) * plot }
        var parts: [String] = []
        for (index, bar) in shown.enumerated() {
            let top = 20 + Double(index) * rowHeight
            if let total = bar.total {
                parts.append(rect(x: labelWidth, y: top + 3, width: x(total) - labelWidth, fill: "#d8dde0"))
            }
            parts.append(rect(x: labelWidth, y: top + 3, width: x(bar.value) - labelWidth, fill: "#005eb8"))
            parts.append(
                "<text x=\"\(labelWidth - 6)\" y=\"\(top + 15)\" font-size=\"12\" text-anchor=\"end\">\(escape(String(bar.label.prefix(34))))</text>"
            )
            parts.append(
                "<text x=\"\(x(max(bar.value, bar.total ?? 0)) + 4)\" y=\"\(top + 15)\" font-size=\"12\">\(escape(bar.text))</text>")
        }
        parts += axis(bottom: barsBottom, x: x, plot: plot)
        if let target {
            let tx = x(target)
            parts.append(
                "<line x1=\"\(tx)\" y1=\"14\" x2=\"\(tx)\" y2=\"\(barsBottom)\" stroke=\"#d5281b\" stroke-width=\"2\" stroke-dasharray=\"4 3\"/>"
            )
            parts.append("<text x=\"\(tx + 4)\" y=\"12\" font-size=\"12\" fill=\"#d5281b\">\(escape(targetLabel ?? ""))</text>")
        }
        let more = bars.count > shown.count ? " The first \(shown.count) of \(bars.count) are drawn; the table lists all." : ""
        let svg = """
            <svg viewBox="0 0 \(Int(width)) \(Int(height))" role="img" aria-labelledby="\(id)-title" class="chart">\
            <title id="\(id)-title">\(escape(title))</title>\(parts.joined())</svg>
            """
        return .div(.class("chart-box"), .raw(svg), .p(.class("hint"), .text(title + more)))
    }

    /// The value axis under the bars: a line, ticks at quarters of the scale with their values, and what it measures;
    /// and what each bar is, above the labels.
    private func axis(bottom: Double, x: (Int) -> Double, plot: Double) -> [String] {
        var parts = [
            "<line x1=\"\(labelWidth)\" y1=\"\(bottom)\" x2=\"\(labelWidth + plot)\" y2=\"\(bottom)\" stroke=\"#4c6272\" stroke-width=\"1\"/>"
        ]
        let scale = max(self.scale, 1)
        var seen = Set<Int>()
        for quarter in 0...4 {
            let value = scale * quarter / 4
            guard seen.insert(value).inserted else { continue }
            let tx = x(value)
            parts.append("<line x1=\"\(tx)\" y1=\"\(bottom)\" x2=\"\(tx)\" y2=\"\(bottom + 5)\" stroke=\"#4c6272\" stroke-width=\"1\"/>")
            parts.append("<text x=\"\(tx)\" y=\"\(bottom + 17)\" font-size=\"11\" text-anchor=\"middle\">\(escape(tick(value)))</text>")
        }
        if !axisLabel.isEmpty {
            parts.append(
                "<text x=\"\(labelWidth + plot / 2)\" y=\"\(bottom + 36)\" font-size=\"12\" font-weight=\"bold\" text-anchor=\"middle\">\(escape(axisLabel))</text>")
        }
        if !rowsLabel.isEmpty {
            parts.append("<text x=\"\(labelWidth - 6)\" y=\"12\" font-size=\"12\" font-weight=\"bold\" text-anchor=\"end\">\(escape(rowsLabel))</text>")
        }
        return parts
    }

    private func rect(x: Double, y: Double, width: Double, fill: String) -> String {
        let number = { (value: Double) in String(format: "%.1f", value) }
        return "<rect x=\"\(number(x))\" y=\"\(number(y))\" width=\"\(number(max(width, 0)))\" height=\"16\" fill=\"\(fill)\"/>"
    }

    private func escape(_ text: String) -> String { Components.attributeSafe(text) }
}
