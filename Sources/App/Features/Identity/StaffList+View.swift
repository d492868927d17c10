import Domain
import Foundation
import Plot

extension StaffList {
    /// The staff list of one organisation.
    struct View {
        var model: Model
        var chrome: PageChrome

        var html: HTML {
            Layout("Staff", section: .staff, chrome: chrome).render([
                .h1(.text("Staff")),
                .if(model.canInvite, .p(.a(.class("button"), .href(SiteURL.staffInvite.path), .text("Invite someone")))),
                .div(
                    .class("table-wrap"), .attribute(named: "tabindex", value: "0"), .attribute(named: "role", value: "region"),
                    .attribute(named: "aria-label", value: "Staff (scrolls sideways)"),
                    .table(
                        .class("table"),
                        .thead(
                            .tr(
                                .th(.text("Name")), .th(.text("Role")), .th(.text("Kind")), .th(.text("From")), .th(.text("Until")),
                                .th(.text("Status")), .th(.text("Action")))),
                        .tbody(.forEach(model.engagements) { row($0) })
                    )
                ),
            ])
        }

        /// One engagement, with its end button while it is active and the viewer may end it.
        private func row(_ item: Engagement) -> Node<HTML.TableContext> {
            let active = item.isActive(on: model.today)
            return .tr(
                .td(.text(item.person.name)), .td(.text(item.role.displayName)),
                .td(.text(item.kind.displayName)),
                .td(.text(item.startsOn.displayText)),
                .td(.text(item.endsOn?.displayText ?? "No end date")),
                .td(.span(.class("tag"), .text(active ? "Active" : "Not active today"))),
                .td(
                    .if(
                        model.canEnd && active,
                        .unwrap(item.id) { id in
                            Components.postButton("End engagement", to: .engagementEnd(id: id), csrf: chrome.csrf, style: "button--warning")
                        }))
            )
        }
    }
}
