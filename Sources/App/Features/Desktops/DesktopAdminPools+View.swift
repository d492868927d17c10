import Domain
import Fluent
import Foundation
import Plot
import Vapor

/// The administration pages of virtual login.
enum DesktopAdminPages {
    static func list(req: Request, scope: DesktopAdminScope, form: DesktopPoolForm, errors: [FormError]) async throws -> HTML {
        let pools = try await scope.pools(on: req.db)
        let seats = try await DesktopSeat.query(on: req.db).all()
        let line = try await DesktopWaitingEntry.query(on: req.db).all()
        let layout = Layout("Desktop pools", section: .desktops, request: req)
        return layout.render([
            .h1(.text("Desktop pools")),
            .table(
                .class("table"),
                .caption(.text("The pools you look after, how full each is and how many wait")),
                .thead(.tr(.th(.text("Pool")), .th(.text("Seats")), .th(.text("Taken")), .th(.text("Waiting")))),
                .tbody(
                    .forEach(pools) { pool in
                        let own = seats.filter { $0.poolID == pool.id }
                        return .tr(
                            .td(.a(.href(SiteURL.desktopPoolAdmin(id: pool.id!).path), .text(pool.name))),
                            .td(.text("\(own.count)")), .td(.text("\(own.filter { $0.state != "free" }.count)")),
                            .td(.text("\(line.filter { $0.poolID == pool.id }.count)"))
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

    static func pool(_ pool: DesktopPool, req: Request, hostForm: DesktopHostForm, errors: [FormError]) async throws -> HTML {
        let poolID = try pool.requireID()
        let hosts = try await DesktopHost.query(on: req.db).filter(\.$poolID == poolID).sort(\.$name).all()
        let seats = try await DesktopSeat.query(on: req.db).filter(\.$poolID == poolID).sort(\.$name).all()
        let line = try await DesktopWaitingEntry.query(on: req.db).filter(\.$poolID == poolID).sort(\.$position).all()
        let peopleIDs = Set(seats.compactMap(\.personID) + line.map(\.personID))
        let people = try await Person.query(on: req.db).filter(\.$id ~~ peopleIDs).all()
        let names = Dictionary(uniqueKeysWithValues: people.compactMap { person in person.id.map { ($0, person.name) } })
        let since = Date().addingTimeInterval(-24 * 3600)
        let samples = try await DesktopPoolSample.query(on: req.db).filter(\.$poolID == poolID).filter(\.$minute >= since)
            .sort(\.$minute).all()
        let layout = Layout(pool.name, section: .desktops, request: req)
        return layout.render([
            .p(.a(.href(SiteURL.desktopPools.path), .text("All desktop pools"))),
            .h1(.text(pool.name)),
            .p(.text(try pool.reset.map { "Seats are cleaned by \($0.program) (from the pool's file on the server)." }
                ?? "Seats are not cleaned between people: no reset program is set in the pool's file.")),
            .h2(.text("Utilisation over the last 24 hours")),
            DesktopUtilisationChart(samples: samples, now: Date()).node,
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
}
