import Domain
import Foundation
import Plot

extension EstateReadinessShow {
    /// The readiness page: one organisation's people, or a roll-up across many.
    struct View {
        var model: Model
        var chrome: PageChrome

        var html: HTML {
            switch model {
            case .organisation(let detail): organisation(detail)
            case .rollup(let rollup): self.rollup(rollup)
            }
        }

        private func organisation(_ detail: Detail) -> HTML {
            let line = detail.line
            let organisation = line.organisation
            let summary = line.summary
            let returnsDue = detail.returnsDue
            let mayRequest = detail.mayRequest
            let gaps = line.people.map { PersonGap(personID: $0.personID, name: $0.name, missing: $0.missing) }
            let kitLines = GapRequest.lines(for: gaps)
            let layout = Layout("Readiness – \(organisation.name)", section: .estate, chrome: chrome)
            return layout.render([
                .p(.a(.href(SiteURL.estate.path), .text("Digital estate"))),
                .h1(.text("Readiness to work remotely: \(organisation.name)")),
                .p(
                    .class(summary.meetsTarget ? "notice" : "notice notice--warning"), .id("readiness-summary"),
                    .text(Self.sentence(summary))),
                EstateBarChart(
                    id: "readiness", title: "\(summary.percent)% of staff ready against a target of \(summary.target)%",
                    bars: [.init(label: organisation.name, value: summary.percent, total: nil, text: "\(summary.percent)%")], scale: 100,
                    target: summary.target, targetLabel: "target \(summary.target)%",
                    axisLabel: "Staff ready to work remotely", rowsLabel: "Organisation", tick: { "\($0)%" }
                ).node,
                .if(
                    mayRequest && !kitLines.isEmpty,
                    .form(
                        .action(SiteURL.estateRequestMissing.path), .method(.post), Components.csrfField(layout.csrf),
                        .p(
                            .text(
                                "\(kitLines.count) items of kit are missing, \(EstateFormat.pounds(Fulfilment.cost(of: kitLines))) at typical prices."
                            )),
                        .button(.type(.submit), .class("button"), .text("Request what is missing"))
                    )),
                .h2(.text("Staff and what they lack")),
                .div(
                    .class("table-wrap"),
                    .table(
                        .class("table"), .id("gaps"), .caption(.text("Each member of staff, ready or not")),
                        .thead(.tr(.th(.text("Name")), .th(.text("Roles")), .th(.text("Missing")))),
                        .tbody(
                            .forEach(line.people) { person in
                                .tr(
                                    .td(.text(person.name)), .td(.text(person.roles.map(\.displayName).joined(separator: ", "))),
                                    .td(.text(person.ready ? "Ready" : person.missing.map(\.displayName).joined(separator: ", "))))
                            })
                    )),
                .h2(.text("What each role needs")),
                .ul(
                    .id("profiles"),
                    .forEach(Set(line.people.flatMap(\.roles)).sorted { $0.rawValue < $1.rawValue }) { role in
                        let needs = line.profiles[role] ?? EntitlementProfile.standard(for: role).needs
                        return .li(.text("\(role.displayName): " + needs.sorted().map(\.displayName).joined(separator: ", ")))
                    }),
                .if(mayRequest, Self.profileForm(csrf: layout.csrf)),
                .if(
                    !returnsDue.isEmpty,
                    .group(
                        .h2(.text("Kit to come back")),
                        .p(.class("hint"), .text("These people's last engagement has ended.")),
                        EstateHome.View.assetTable(returnsDue, caption: "Kit due back")
                    )),
            ])
        }

        static func sentence(_ summary: OrganisationReadiness) -> String {
            let base =
                "\(summary.ready) of \(summary.staff) staff (\(summary.percent)%) are ready to work remotely; the target is \(summary.target)%."
            if summary.meetsTarget { return base + " The target is met." }
            return base + " Below target: \(summary.shortfall) more \(summary.shortfall == 1 ? "person needs" : "people need") to be ready."
        }

        private func rollup(_ model: Rollup) -> HTML {
            let lines = model.lines
            let acting = model.acting
            let rollup = ReadinessRollup(lines.map(\.summary))
            let ordered = lines.sorted { ($0.summary.percent, $0.organisation.name) < ($1.summary.percent, $1.organisation.name) }
            let layout = Layout("Readiness – \(acting.name)", section: .estate, chrome: chrome)
            return layout.render([
                .p(.a(.href(SiteURL.estate.path), .text("Digital estate"))),
                .h1(.text("Readiness across \(acting.name)")),
                .p(
                    .class("notice"), .id("readiness-summary"),
                    .text(
                        "\(rollup.ready) of \(rollup.staff) staff (\(rollup.percent)%) across \(rollup.organisations) organisations are ready; "
                            + "\(rollup.meetingTarget) of \(rollup.organisations) meet their target.")),
                .unwrap(model.countedAt) { countedAt in
                    .p(.class("hint"), .id("readiness-counted"), .text(Self.counted(at: countedAt, every: model.countEvery)))
                },
                .h2(.text("Readiness by practice and service")),
                EstateBarChart(
                    id: "readiness-by-practice", title: "Share of staff ready, lowest first",
                    bars: ordered.map {
                        .init(label: $0.organisation.name, value: $0.summary.percent, total: nil, text: "\($0.summary.percent)%")
                    },
                    scale: 100, target: ReadinessTarget.standard, targetLabel: "standard target \(ReadinessTarget.standard)%",
                    axisLabel: "Staff ready to work remotely", rowsLabel: "Practice", tick: { "\($0)%" }
                ).node,
                .div(
                    .class("table-wrap"),
                    .table(
                        .class("table"), .caption(.text("Every organisation, lowest readiness first")),
                        .thead(
                            .tr(
                                .th(.text("Organisation")), .th(.text("Staff")), .th(.text("Ready")), .th(.text("Share")),
                                .th(.text("Target")))
                        ),
                        .tbody(
                            .forEach(ordered) { line in
                                .tr(
                                    .td(
                                        .a(
                                            .href(SiteURL.estateReadiness.path + "?org=\(line.organisation.odsCode)"),
                                            .text(line.organisation.name))),
                                    .td(.text("\(line.summary.staff)")), .td(.text("\(line.summary.ready)")),
                                    .td(.text("\(line.summary.percent)%")),
                                    .td(.text("\(line.summary.target)%" + (line.summary.meetsTarget ? " (met)" : ""))))
                            })
                    )),
            ])
        }

        /// When a wide roll-up's figures were counted, and how soon a change shows in them.
        static func counted(at date: Date, every interval: TimeInterval?) -> String {
            let base = "These figures were counted at \(UKTime.moment(date))"
            guard let interval else { return base + "." }
            let minutes = Int((interval / 60).rounded(.up))
            let every = interval < 60 ? "\(Int(interval)) seconds" : minutes == 1 ? "minute" : "\(minutes) minutes"
            return base + "; they are counted again every \(every), so a change shows here within about \(minutes + 1) minutes."
        }

        /// Ticks the needs of one role at this organisation; the standard profile is what is ticked by default.
        private static func profileForm(csrf: String) -> Node<HTML.BodyContext> {
            .details(
                .summary(.text("Change what a role needs here")),
                .form(
                    .action(SiteURL.estateProfiles.path), .method(.post), Components.csrfField(csrf),
                    Components.select(
                        "role", label: "Role",
                        options: [StaffRole.gp, .nurse, .pharmacist, .receptionist, .practiceManager].map { ($0.rawValue, $0.displayName) },
                        selected: nil),
                    .fieldset(
                        .class("fieldset"), .element(named: "legend", nodes: [.class("legend"), .text("Needs")]),
                        .forEach(Need.allCases) { need in
                            .div(
                                .class("checkbox"),
                                .input(.type(.checkbox), .id("need-\(need.rawValue)"), .name("needs[]"), .value(need.rawValue)),
                                .label(.for("need-\(need.rawValue)"), .text(need.displayName)))
                        }),
                    .button(.type(.submit), .class("button button--secondary"), .text("Save the role's needs"))
                ))
        }
    }
}
