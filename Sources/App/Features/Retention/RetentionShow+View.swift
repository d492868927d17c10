import Domain
import Foundation
import Plot

extension RetentionShow {
    /// The retention page: each kind of data, its period and why, and the nightly run.
    struct View {
        var model: Model
        var chrome: PageChrome

        var html: HTML {
            let layout = Layout("How long data is kept", section: .settings, chrome: chrome)
            let schedule = model.schedule
            let time = "\(schedule.hour < 10 ? "0" : "")\(schedule.hour):\(schedule.minute < 10 ? "0" : "")\(schedule.minute)"
            return layout.render([
                .h1(.text("How long data is kept")),
                .p(
                    .class("lede"),
                    .text(
                        "The patient's record in the practice's clinical system is the lasting copy. What this service holds are working copies, removed each night once their period has passed."
                    )),
                .div(
                    .class("table-wrap"),
                    .table(
                        .class("table"), .id("retention-periods"), .caption(.text("Retention periods")),
                        .thead(.tr(.th(.text("Data")), .th(.text("Kept for")), .th(.text("Why")), .th(.text("Setting")))),
                        .tbody(
                            .forEach(RetainedData.allCases) { data in
                                let days = model.policy.days(for: data)
                                return .tr(
                                    .th(.attribute(named: "scope", value: "row"), .text(data.displayName)),
                                    .td(
                                        .text(
                                            "\(days) days \(data.countedFrom)"
                                                + (days == data.defaultDays ? "" : " (default \(data.defaultDays))"))),
                                    .td(.text(data.reason)),
                                    .td(.code(.text(data.environmentVariable))))
                            })
                    )),
                .p(.class("hint"), .text("Requests themselves, notes, outcomes and the audit trail are not removed by this run.")),
                .h2(.text("The nightly run")),
                Components.summaryList([
                    ("Runs at", "\(time) UK time each night (RETENTION_RUN_AT)"),
                    ("Next run", UKTime.moment(model.nextRun)),
                    ("Last run", model.lastRun.map { UKTime.moment($0.at) } ?? "Not yet run"),
                    (
                        "Last removed",
                        model.lastRun.map { run in
                            RetainedData.allCases.map { "\($0.displayName.lowercased()): \(run.removed[$0] ?? 0)" }.joined(separator: "; ")
                        } ?? "Nothing yet"
                    ),
                ]),
            ])
        }
    }
}
