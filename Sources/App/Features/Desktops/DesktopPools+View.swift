import Domain
import Foundation
import Plot

extension DesktopPools {
    /// The desktops a person may open, one section per pool.
    struct View {
        var model: Model
        var chrome: PageChrome

        var html: HTML {
            let rows = model.rows
            let notice = model.notice
            let canManage = model.canManage
            let layout = Layout("Virtual login", section: .desktops, chrome: chrome)
            return layout.render([
                .h1(.text("Virtual login")),
                .unwrap(notice) { notice in .div(.class("notice"), .attribute(named: "role", value: "status"), .p(.text(notice.text))) },
                .p(
                    .text(
                        "Your desktop runs on a shared pool of computers: it opens here, in the browser, with no VPN. "
                            + "Closing the tab keeps your desktop for you; sign out of it when you finish so that someone else can use the seat."
                    )),
                .if(
                    rows.isEmpty,
                    .p(.text("No desktop pool is open to your organisation and role. Ask your practice manager if you need one."))
                ),
                .forEach(rows) { row in
                    .section(
                        .class("panel"), .attribute(named: "aria-labelledby", value: "pool-\(row.pool.id!.uuidString)"),
                        .h2(.id("pool-\(row.pool.id!.uuidString)"), .text(row.pool.name)),
                        .p(.text(DesktopPoolShow.View.summary(row.status))),
                        Components.postButton(
                            DesktopPoolShow.View.openLabel(row.status), to: .desktopOpen(id: row.pool.id!), csrf: layout.csrf)
                    )
                },
                .if(canManage, .p(.a(.href(SiteURL.desktopPools.path), .text("Manage desktop pools")))),
            ])
        }
    }
}
