import Domain
import Foundation
import Plot

extension DesktopAdminPool {
    /// One pool's administration page.
    struct View {
        var model: Model
        var chrome: PageChrome

        var html: HTML {
            let pool = model.pool
            let poolID = pool.id!
            let hosts = model.hosts
            let seats = model.seats
            let line = model.line
            let names = model.names
            let hostForm = model.hostForm
            let errors = model.errors
            let layout = Layout(pool.name, section: .desktops, chrome: chrome)
            return layout.render([
                .p(.a(.href(SiteURL.desktopPools.path), .text("All desktop pools"))),
                .h1(.text(pool.name)),
                .p(
                    .text(
                        model.resetProgram.map { "Seats are cleaned by \($0) (from the pool's file on the server)." }
                            ?? "Seats are not cleaned between people: no reset program is set in the pool's file.")),
                .p(.text("Copy and paste (set in the pool's file, enforced by the gateway): \(Self.clipboard(pool.clipboard))")),
                .h2(.text("Utilisation over the last 24 hours")),
                DesktopUtilisationChart(samples: model.samples, now: model.now).node,
                .h2(.text("Hosts")),
                DesktopAdminTables.hosts(hosts, csrf: layout.csrf),
                .h2(.text("Seats")),
                DesktopAdminTables.seats(seats, hosts: hosts, names: names, csrf: layout.csrf),
                .h2(.text("Waiting line")),
                DesktopAdminTables.line(line, names: names),
                .h2(.id("add-host"), .text("Add a host")),
                Components.errorSummary(errors),
                .form(
                    .action(SiteURL.desktopPoolHosts(id: poolID).path), .method(.post),
                    Components.csrfField(layout.csrf),
                    Components.field("name", label: "Host name", value: hostForm.name, errors: errors),
                    Components.field("address", label: "Address", value: hostForm.address, errors: errors),
                    Components.field(
                        "secret", label: "VNC password", type: .password, hint: "Stored sealed; never shown again",
                        autocomplete: "new-password", errors: errors),
                    Components.textArea(
                        "seats", label: "Seats", value: hostForm.seats, hint: "One per line as address:port, such as 10.0.0.5:5901",
                        errors: errors),
                    .button(.type(.submit), .class("button"), .text("Add the host"))
                ),
            ])
        }

        /// The pool's clipboard policy as the administrator reads it.
        static func clipboard(_ policy: ClipboardPolicy) -> String {
            switch policy {
            case .off: "off both ways."
            case .fromDesktop: "text copied on a desktop may reach the person's computer; nothing goes in."
            case .toDesktop: "text may be pasted into a desktop; nothing comes out."
            case .both: "both ways."
            }
        }
    }
}
