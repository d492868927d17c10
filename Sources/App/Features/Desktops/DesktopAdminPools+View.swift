import Domain
import Foundation
import Plot

extension DesktopAdminPools {
    /// The pools a person looks after, and the form to register one.
    struct View {
        var model: Model
        var chrome: PageChrome

        var html: HTML {
            let form = model.form
            let errors = model.errors
            let layout = Layout("Desktop pools", section: .desktops, chrome: chrome)
            return layout.render([
                .h1(.text("Desktop pools")),
                .table(
                    .class("table"),
                    .caption(.text("The pools you look after, how full each is and how many wait")),
                    .thead(.tr(.th(.text("Pool")), .th(.text("Seats")), .th(.text("Taken")), .th(.text("Waiting")))),
                    .tbody(
                        .forEach(model.rows) { row in
                            .tr(
                                .td(.a(.href(SiteURL.desktopPoolAdmin(id: row.pool.id!).path), .text(row.pool.name))),
                                .td(.text("\(row.seats)")), .td(.text("\(row.taken)")),
                                .td(.text("\(row.waiting)"))
                            )
                        }
                    )
                ),
                .h2(.id("register"), .text("Register a pool")),
                .p(
                    .text(
                        "How seats are cleaned between people is set only by whoever runs the server, in the pool's file "
                            + "(surgery desktop-pools load); a pool registered here frees a seat as soon as its person signs out.")),
                Components.errorSummary(errors),
                .form(
                    .action(SiteURL.desktopPools.path), .method(.post),
                    Components.csrfField(layout.csrf),
                    Components.field("name", label: "Name", value: form.name, errors: errors),
                    Components.select(
                        "placement", label: "Placement",
                        options: [("breadthFirst", "Spread people over the hosts"), ("depthFirst", "Fill one host before the next")],
                        selected: form.placement, errors: errors),
                    Components.field(
                        "organisations", label: "Organisations (ODS codes)", value: form.organisations,
                        hint: "Separated by commas, such as L81101, L81102", errors: errors),
                    Components.field(
                        "disconnectedMinutes", label: "Keep a disconnected desktop for (minutes)", value: form.disconnectedMinutes,
                        errors: errors),
                    Components.field(
                        "idleMinutes", label: "Disconnect an idle desktop while others wait after (minutes)", value: form.idleMinutes,
                        errors: errors),
                    .button(.type(.submit), .class("button"), .text("Register the pool"))
                ),
            ])
        }
    }
}
