import Domain
import Foundation
import Plot

/// The tables of a pool's administration page.
enum DesktopAdminTables {
    static func hosts(_ hosts: [DesktopHost], csrf: String) -> Node<HTML.BodyContext> {
        .table(
            .class("table"),
            .thead(.tr(.th(.text("Host")), .th(.text("Address")), .th(.text("State")), .th(.text("Health")), .th(.text("Change")))),
            .tbody(
                .forEach(hosts) { host in
                    .tr(
                        .td(.text(host.name)), .td(.text(host.address)), .td(.text(host.state.storedText)),
                        .td(.text(host.healthy ? "Healthy" : "Unhealthy" + (host.healthDetail.map { ": \($0)" } ?? ""))),
                        .td(
                            .forEach(["enabled", "draining", "disabled"].filter { $0 != host.state.storedText }) { state in
                                .form(
                                    .class("inline-form"), .action(SiteURL.desktopHostState(id: host.id!).path), .method(.post),
                                    Components.csrfField(csrf), .input(.type(.hidden), .name("state"), .value(state)),
                                    .button(
                                        .type(.submit), .class("button button--secondary"), .text(label(state)),
                                        .span(.class("visually-hidden"), .text(" " + host.name)))
                                )
                            }
                        )
                    )
                }
            )
        )
    }

    static func seats(_ seats: [DesktopSeat], hosts: [DesktopHost], names: [UUID: String], csrf: String) -> Node<HTML.BodyContext> {
        .table(
            .class("table"),
            .thead(
                .tr(
                    .th(.text("Seat")), .th(.text("Host")), .th(.text("State")), .th(.text("Who")), .th(.text("Since")),
                    .th(.text("Action")))),
            .tbody(
                .forEach(seats) { seat in
                    .tr(
                        .td(.text(seat.name)), .td(.text(hosts.first { $0.id == seat.hostID }?.name ?? "")),
                        .td(.text(seat.state.rawValue.replacingOccurrences(of: "_", with: " "))),
                        .td(.text(seat.personID.flatMap { names[$0] } ?? "")),
                        .td(.text(seat.stateSince.map(time) ?? "")),
                        .td(
                            .if(
                                seat.personID != nil,
                                .form(
                                    .class("inline-form"), .action(SiteURL.desktopSeatSignOut(id: seat.id!).path), .method(.post),
                                    Components.csrfField(csrf),
                                    .button(
                                        .type(.submit), .class("button button--warning"), .text("Sign out"),
                                        .span(.class("visually-hidden"), .text(" of " + seat.name)))
                                )
                            )
                        )
                    )
                }
            )
        )
    }

    static func line(_ line: [DesktopWaitingEntry], names: [UUID: String]) -> Node<HTML.BodyContext> {
        guard !line.isEmpty else { return .p(.text("Nobody is waiting.")) }
        return .ol(.forEach(line) { entry in .li(.text("\(names[entry.personID] ?? "Someone"), since \(time(entry.joinedAt))")) })
    }

    private static func label(_ state: String) -> String {
        switch state {
        case "enabled": "Enable"
        case "draining": "Drain"
        default: "Disable"
        }
    }

    static func time(_ date: Date) -> String { UKTime.shortStamp(date) }
}
