import Domain
import Foundation
import Plot

extension EstateRequests {
    /// The pipeline of requests, with the form to ask for kit.
    struct View {
        var model: Model
        var chrome: PageChrome

        var html: HTML {
            let mine = model.waitingForYou
            let requests = model.requests
            let names = model.organisationNames
            let counts = model.counts
            let layout = Layout("Requests for kit", section: .estate, chrome: chrome)
            return layout.render([
                .p(.a(.href(SiteURL.estate.path), .text("Digital estate"))),
                .h1(.text("Requests for kit and claims")),
                .h2(.text("Waiting for your decision")),
                mine.isEmpty
                    ? .p(.id("waiting-for-you"), .text("Nothing is waiting for you."))
                    : Self.table(mine, names: names, id: "waiting-for-you"),
                .h2(.text("The pipeline")),
                EstateBarChart(
                    id: "pipeline", title: "Requests at each stage",
                    bars: counts.filter { $0.1 > 0 }.map { .init(label: $0.0.displayName, value: $0.1, total: nil, text: "\($0.1)") },
                    scale: max(counts.map(\.1).max() ?? 1, 1), target: nil, targetLabel: nil,
                    axisLabel: "Number of requests", rowsLabel: "Stage"
                ).node,
                requests.isEmpty ? .p(.text("No requests yet.")) : Self.table(requests, names: names, id: "all-requests"),
                .if(model.isProvider, Self.newRequestForm(model.form, people: model.people, errors: model.errors, csrf: layout.csrf)),
            ])
        }

        private static func table(_ requests: [EstateRequest], names: [UUID: String], id: String) -> Node<HTML.BodyContext> {
            .div(
                .class("table-wrap"),
                .table(
                    .class("table"), .id(id), .caption(.text(id == "waiting-for-you" ? "Requests you can decide" : "Recent requests")),
                    .thead(
                        .tr(
                            .th(.text("Reference")), .th(.text("Organisation")), .th(.text("Kind")), .th(.text("Cost")),
                            .th(.text("Status")))),
                    .tbody(
                        .forEach(requests) { request in
                            .tr(
                                .td(.a(.href(SiteURL.estateRequest(id: request.id!).path), .text(request.reference))),
                                .td(.text(names[request.organisationID] ?? "")),
                                .td(.text(request.kind == .claim ? "Claim" : "Kit")),
                                .td(.text(EstateFormat.pounds(request.cost))), .td(.text(request.status.displayName)))
                        })
                ))
        }

        private static func newRequestForm(_ form: EstateRequestForm, people: [Person], errors: [FormError], csrf: String) -> Node<
            HTML.BodyContext
        > {
            let kinds =
                [("", "—")] + AssetKind.allCases.map { ($0.rawValue, "\($0.displayName) (\(EstateFormat.pounds($0.typicalUnitCost)))") }
            let persons = [("", "Not for one person")] + people.map { ($0.id?.uuidString ?? "", $0.name) }
            return .group(
                .h2(.id("new-request"), .text("Ask for kit")),
                Components.errorSummary(errors),
                .form(
                    .action(SiteURL.estateRequests.path), .method(.post), Components.csrfField(csrf),
                    .forEach(form.entries) { entry in
                        .fieldset(
                            .class("fieldset"), .element(named: "legend", nodes: [.class("legend"), .text("Line \(entry.index)")]),
                            Components.select("kind\(entry.index)", label: "Kind", options: kinds, selected: entry.kind, errors: errors),
                            Components.field("quantity\(entry.index)", label: "How many", value: entry.quantity, errors: errors),
                            Components.select(
                                "person\(entry.index)", label: "For", options: persons, selected: entry.person, errors: errors)
                        )
                    },
                    Components.textArea("justification", label: "Why it is needed", value: form.justification, errors: errors),
                    .button(.type(.submit), .class("button"), .text("Save as a draft"))
                )
            )
        }
    }
}
