@testable import App
import Foundation
import Plot
import Testing

/// The estate's charts carry a value axis with ticks and what it measures, and what each bar is, so that a
/// commissioner can read them without the table.
struct EstateBarChartTests {
    static var chart: EstateBarChart { EstateBarChart(
        id: "spend", title: "Drawn down (blue) against allocation (grey) for each pot",
        bars: [
            .init(label: "Remote working 2026/27", value: 12_000, total: 40_000, text: "£12,000 of £40,000"),
            .init(label: "Laptops for locums", value: 3_000, total: 8_000, text: "£3,000 of £8,000"),
        ],
        scale: 40_000, target: nil, targetLabel: nil, axisLabel: "Amount", rowsLabel: "Funding pot", tick: { "£\($0 / 1000)k" }) }

    @Test func theAxisHasTicksAtQuartersAndSaysWhatItMeasures() {
        let html = HTML(.body(Self.chart.node)).render()
        for tick in ["£0k", "£10k", "£20k", "£30k", "£40k"] { #expect(html.contains(">\(tick)</text>"), "\(tick)") }
        #expect(html.contains(">Amount</text>") && html.contains(">Funding pot</text>"))
        #expect(html.contains("role=\"img\"") && html.contains("<title id=\"spend-title\">"))
    }

    @Test func theChartAsDrawn() {
        assertPageSnapshot(HTML(.body(Self.chart.node)))
    }
}
