import Domain
import Foundation
import Plot

extension ActivityShow {
    /// The activity page: a commissioner's practices side by side, or one practice's month day by day.
    struct View {
        var model: Model
        var chrome: PageChrome

        var html: HTML {
            let month = model.month
            let layout = Layout("Activity \(month.displayText)", section: .consult, chrome: chrome)
            let heading = model.sideBySide || model.lines.count != 1 ? model.acting.name : model.lines[0].practice.name
            return layout.render([
                .p(.a(.href(SiteURL.consult.path), .text("Remote assessment"))),
                .h1(.text("Online and video consultation activity: \(month.displayText)")),
                .p(.class("lede"), .text(heading)),
                .nav(
                    .class("month-nav"), .attribute(named: "aria-label", value: "Months"),
                    .a(.href(link(.activity, month.previous)), .text("← \(month.previous.displayText)")),
                    .a(.href(link(.activity, month.next)), .text("\(month.next.displayText) →")),
                    .a(.class("button button--secondary"), .id("activity-csv"), .href(link(.activityCSV, month)), .text("Download CSV"))
                ),
                model.lines.isEmpty
                    ? .p(.text("There are no practices in your scope."))
                    : (model.sideBySide ? sideBySide(model.lines) : practice(model.lines[0])),
                .h2(.text("How these figures are counted")),
                .ul(
                    .class("hint"),
                    .li(
                        .text(
                            "Each request counts on the UK day it arrived. Types: a medical problem is clinical, a repeat prescription is medication, other admin is admin."
                        )),
                    .li(
                        .text(
                            "Time to first triage runs from arrival to the first claim or change by staff (the audit trail records both); the 90th percentile is by nearest rank. Requests nobody has triaged yet are counted apart."
                        )),
                    .li(
                        .text(
                            "Red-flag advice shown counts each time the 999/111 advice page was shown; sent after advice counts requests sent with a red flag."
                        )),
                    .li(
                        .text(
                            "Refused: forms turned away while the practice was closed. Throttled: forms refused because one device or contact sent too many."
                        )),
                    .li(
                        .text(
                            "Video consultations count on the day of their slot; held means the patient was admitted; length runs from admission to the end."
                        )),
                ),
                .p(
                    .a(
                        .href(SiteURL.retention.path),
                        .text("How long the service keeps patients' photos, messages, links and video details"))),
            ])
        }

        private func link(_ url: SiteURL, _ month: ActivityMonth) -> String {
            url.path + "?month=\(month)" + (model.chosen.map { "&org=\($0)" } ?? "")
        }

        private func sideBySide(_ lines: [ActivityReport.Line]) -> Node<HTML.BodyContext> {
            .group(
                ActivityChart(
                    id: "activity-chart", title: "Online requests received in \(model.month.displayText), by practice",
                    axisLabel: "Requests",
                    bars: lines.map { .init(label: $0.practice.name, value: $0.activity.total.requests) }
                ).node,
                .div(
                    .class("table-wrap"),
                    .table(
                        .class("table"), .id("activity-practices"), .caption(.text("Practices side by side, \(model.month.displayText)")),
                        .thead(.tr(.forEach(Self.columns) { .th(.text($0)) })),
                        .tbody(
                            .forEach(lines) { line in
                                let t = line.activity.total
                                return .tr(
                                    .th(
                                        .attribute(named: "scope", value: "row"),
                                        .a(
                                            .href(SiteURL.activity.path + "?month=\(model.month)&org=\(line.practice.odsCode)"),
                                            .text(line.practice.name))),
                                    .group(Self.cells(t).map { .td(.class("numeric"), .text($0)) }))
                            })
                    ))
            )
        }

        static let columns = [
            "Practice", "Requests", "Clinical", "Medication", "Admin", "Patient", "Proxy", "Staff on behalf", "Urgent today",
            "Median to triage", "90th percentile", "Not yet triaged", "Red-flag advice shown", "Sent after advice", "Refused",
            "Throttled", "Video booked", "Video held", "Median video length",
        ]

        /// The cells after the row's heading, in the order of `columns`.
        static func cells(_ t: ActivityCounts) -> [String] {
            let counts: [Int] = [
                t.requests, t.byCategory[.clinical] ?? 0, t.byCategory[.medication] ?? 0, t.byCategory[.admin] ?? 0,
                t.byChannel[.patient] ?? 0, t.byChannel[.proxy] ?? 0, t.byChannel[.staffOnBehalf] ?? 0, t.byUrgency[.today] ?? 0,
            ]
            let waits: [String] = [
                DurationSummary.words(t.timeToFirstTriage.medianSeconds), DurationSummary.words(t.timeToFirstTriage.ninetiethSeconds),
            ]
            let form: [Int] = [t.untriaged, t.adviceShown, t.sentAfterAdvice, t.refused, t.throttled, t.videoBooked, t.videoHeld]
            return counts.map(String.init) + waits + form.map(String.init) + [DurationSummary.words(t.videoLength.medianSeconds)]
        }

        private func practice(_ line: ActivityReport.Line) -> Node<HTML.BodyContext> {
            let t = line.activity.total
            let count = { (pairs: [(String, Int)]) in pairs.map { "\($0.0) \($0.1)" }.joined(separator: ", ") }
            return .group(
                Components.summaryList([
                    ("Requests", String(t.requests)),
                    ("By type", count(RequestCategory.allCases.map { ($0.displayName, t.byCategory[$0] ?? 0) })),
                    ("By who sent it", count(RequestChannel.allCases.map { ($0.displayName, t.byChannel[$0] ?? 0) })),
                    ("By urgency", count(Urgency.allCases.map { ($0.displayName, t.byUrgency[$0] ?? 0) })),
                    (
                        "Time to first triage",
                        "median \(DurationSummary.words(t.timeToFirstTriage.medianSeconds)), 90th percentile \(DurationSummary.words(t.timeToFirstTriage.ninetiethSeconds)) (\(t.timeToFirstTriage.count) triaged, \(t.untriaged) not yet)"
                    ),
                    (
                        "Outcomes",
                        t.outcomes.isEmpty
                            ? "none closed yet" : count(Outcome.allCases.compactMap { o in t.outcomes[o].map { (o.displayName, $0) } })
                    ),
                    ("Red flags", "advice shown \(t.adviceShown) times; \(t.sentAfterAdvice) requests sent after it"),
                    ("Refused or throttled", "\(t.refused) refused while closed; \(t.throttled) throttled"),
                    (
                        "Video consultations",
                        "\(t.videoBooked) booked, \(t.videoHeld) held, median length \(DurationSummary.words(t.videoLength.medianSeconds))"
                    ),
                ]),
                ActivityChart(
                    id: "activity-chart", title: "Online requests received each day of \(model.month.displayText)", axisLabel: "Requests",
                    bars: line.activity.days.map {
                        .init(label: "\($0.day.day) \(model.month.displayText.prefix(3))", value: $0.counts.requests)
                    }
                ).node,
                .div(
                    .class("table-wrap"),
                    .table(
                        .class("table"), .id("activity-days"), .caption(.text("\(line.practice.name), day by day")),
                        .thead(.tr(.th(.text("Day")), .forEach(Self.columns.dropFirst()) { .th(.text($0)) })),
                        .tbody(
                            .forEach(line.activity.days) { day in
                                .tr(
                                    .th(.attribute(named: "scope", value: "row"), .text(day.day.iso)),
                                    .group(Self.cells(day.counts).map { .td(.class("numeric"), .text($0)) }))
                            })
                    ))
            )
        }
    }
}
