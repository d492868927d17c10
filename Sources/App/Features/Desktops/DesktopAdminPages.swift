import Domain
import Fluent
import Foundation
import Plot
import Vapor

/// The administration pages of virtual login.
enum DesktopAdminPages {
    static func list(req: Request, form: DesktopPoolForm, errors: [FormError]) async throws -> HTML {
        let pools = try await DesktopPool.query(on: req.db).sort(\.$name).all()
        let seats = try await DesktopSeat.query(on: req.db).all()
        let line = try await DesktopWaitingEntry.query(on: req.db).all()
        let layout = Layout("Desktop pools", section: .desktops, request: req)
        return layout.render([
            .h1(.text("Desktop pools")),
            .table(
                .class("table"),
                .caption(.text("Every pool, how full it is and how many wait")),
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
                Components.field(
                    "resetCommand", label: "Reset command (optional)", value: form.resetCommand,
                    hint: "Run on this server to clean a seat; SEAT_HOST and SEAT_PORT name it", errors: errors),
                Components.field(
                    "resetURL", label: "Reset URL (optional)", value: form.resetURL,
                    hint: "Posted the seat when there is no reset command", errors: errors),
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
