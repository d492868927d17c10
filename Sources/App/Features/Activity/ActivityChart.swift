import Foundation
import Plot

/// A vertical bar chart in SVG with a labelled value axis and a label under each bar; colours and type come from the
/// stylesheet's classes (the content security policy allows no inline style). The table beside it holds the figures.
struct ActivityChart {
    struct Bar {
        var label: String
        var value: Int
    }

    var id: String
    var title: String
    /// What the value axis counts, such as "Requests".
    var axisLabel: String
    var bars: [Bar]

    private let width = 720.0
    private let height = 260.0
    private let left = 56.0
    private let bottom = 200.0
    private let top = 16.0

    var node: Node<HTML.BodyContext> {
        guard !bars.isEmpty else { return .p(.text("Nothing to chart.")) }
        let maximum = Self.niceMaximum(bars.map(\.value).max() ?? 0)
        let plotWidth = width - left - 12
        let slot = plotWidth / Double(bars.count)
        let y = { (value: Int) in self.bottom - Double(value) / Double(maximum) * (self.bottom - self.top) }
        var parts: [String] = []
        for tick in 0...4 {
            let value = maximum * tick / 4
            parts.append(
                "<line class=\"chart__grid\" x1=\"\(f(left))\" y1=\"\(f(y(value)))\" x2=\"\(f(width - 12))\" y2=\"\(f(y(value)))\"/>")
            parts.append("<text class=\"chart__tick\" x=\"\(f(left - 6))\" y=\"\(f(y(value) + 4))\" text-anchor=\"end\">\(value)</text>")
        }
        parts.append("<line class=\"chart__axis\" x1=\"\(f(left))\" y1=\"\(f(top))\" x2=\"\(f(left))\" y2=\"\(f(bottom))\"/>")
        parts.append("<line class=\"chart__axis\" x1=\"\(f(left))\" y1=\"\(f(bottom))\" x2=\"\(f(width - 12))\" y2=\"\(f(bottom))\"/>")
        parts.append(
            "<text class=\"chart__label\" x=\"14\" y=\"\(f((top + bottom) / 2))\" text-anchor=\"middle\" transform=\"rotate(-90 14 \(f((top + bottom) / 2)))\">\(escape(axisLabel))</text>"
        )
        let labelEvery = max(1, Int((Double(bars.count) / 16).rounded(.up)))
        for (index, bar) in bars.enumerated() {
            let x = left + Double(index) * slot + slot * 0.15
            let barWidth = slot * 0.7
            parts.append(
                "<rect class=\"chart__bar\" x=\"\(f(x))\" y=\"\(f(y(bar.value)))\" width=\"\(f(barWidth))\" height=\"\(f(bottom - y(bar.value)))\"><title>\(escape(bar.label)): \(bar.value)</title></rect>"
            )
            if index % labelEvery == 0 {
                let cx = x + barWidth / 2
                parts.append(
                    "<text class=\"chart__tick\" x=\"\(f(cx))\" y=\"\(f(bottom + 14))\" text-anchor=\"end\" transform=\"rotate(-40 \(f(cx)) \(f(bottom + 14)))\">\(escape(String(bar.label.prefix(24))))</text>"
                )
            }
        }
        let svg = """
            <svg viewBox="0 0 \(Int(width)) \(Int(height))" role="img" aria-labelledby="\(id)-title" class="chart" id="\(id)">\
            <title id="\(id)-title">\(escape(title))</title>\(parts.joined())</svg>
            """
        return .div(.class("chart-box"), .raw(svg), .p(.class("hint"), .text(title)))
    }

    /// A round number at or above `value` for the top of the axis, so that its four steps are whole: 4, 8, 20, 40, 80, 200….
    static func niceMaximum(_ value: Int) -> Int {
        guard value > 4 else { return 4 }
        var step = 1
        while true {
            for multiple in [1, 2, 5] where step * multiple * 4 >= value { return step * multiple * 4 }
            step *= 10
        }
    }

    private func f(_ value: Double) -> String { String(format: "%.1f", value) }

    private func escape(_ text: String) -> String { Components.attributeSafe(text) }
}
