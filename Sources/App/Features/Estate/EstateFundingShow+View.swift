import Domain
import Foundation
import Plot

extension EstateFundingShow {
    /// The funding page: spend against allocation, a form to add a pot, and the settings.
    struct View {
        var model: Model
        var chrome: PageChrome

        var html: HTML {
            let pots = model.pots
            let settings = model.settings
            let limit = model.limit
            let isCommissioner = model.isCommissioner
            let errors = model.errors
            let layout = Layout("Funding", section: .estate, chrome: chrome)
            return layout.render([
                .p(.a(.href(SiteURL.estate.path), .text("Digital estate"))),
                .h1(.text("Funding for kit")),
                .p(.text("Requests above \(EstateFormat.pounds(limit)) also need national approval.")),
                .h2(.text("Spend against allocation")),
                EstateBarChart(
                    id: "spend", title: "Drawn down (blue) against allocation (grey) for each pot",
                    bars: pots.map {
                        .init(
                            label: $0.name, value: $0.drawnDown, total: $0.allocation,
                            text: "\(EstateFormat.pounds($0.drawnDown)) of \(EstateFormat.pounds($0.allocation))")
                    },
                    scale: max(pots.map(\.allocation).max() ?? 1, 1), target: nil, targetLabel: nil,
                    axisLabel: "Amount", rowsLabel: "Funding pot", tick: { EstateFormat.pounds($0) }
                ).node,
                .div(
                    .class("table-wrap"),
                    .table(
                        .class("table"), .id("pots"), .caption(.text("Funding pots")),
                        .thead(.tr(.th(.text("Pot")), .th(.text("Allocation")), .th(.text("Drawn down")), .th(.text("Left")))),
                        .tbody(
                            .forEach(pots) { pot in
                                .tr(
                                    .td(.text(pot.name)), .td(.text(EstateFormat.pounds(pot.allocation))),
                                    .td(.text(EstateFormat.pounds(pot.drawnDown))),
                                    .td(.text(EstateFormat.pounds(pot.allocation - pot.drawnDown))))
                            })
                    )),
                Components.errorSummary(errors),
                .if(
                    isCommissioner,
                    .group(
                        .h2(.text("Add a funding pot")),
                        .form(
                            .action(SiteURL.estateFundingPots.path), .method(.post), Components.csrfField(layout.csrf),
                            Components.field("name", label: "Name", errors: errors),
                            Components.field("allocation", label: "Allocation (£)", errors: errors),
                            .button(.type(.submit), .class("button"), .text("Add the pot"))
                        ))),
                .if(
                    model.mayManage,
                    .group(
                        .h2(.text("Settings")),
                        .form(
                            .action(SiteURL.estateFundingSettings.path), .method(.post), Components.csrfField(layout.csrf),
                            Components.field(
                                "readinessTarget", label: "Readiness target (%)", value: settings?.readinessTarget.map(String.init) ?? "",
                                hint: "The share of staff who should be ready to work remotely; \(ReadinessTarget.standard)% when blank",
                                errors: errors),
                            .if(
                                isCommissioner,
                                Components.field(
                                    "delegatedLimit", label: "Delegated limit (£)",
                                    value: settings?.delegatedLimit.map { String($0 / 100) } ?? "",
                                    hint: "Requests costing more also need national approval", errors: errors)),
                            .button(.type(.submit), .class("button"), .text("Save settings"))
                        ))),
            ])
        }
    }
}
