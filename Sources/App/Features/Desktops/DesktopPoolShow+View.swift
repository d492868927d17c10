import Domain
import Foundation
import Plot

extension DesktopPoolShow {
    /// One pool's page: the desktop viewer, the waiting line or the seat held for the person.
    struct View {
        var model: Model
        var chrome: PageChrome

        private var pool: DesktopPool { model.pool }
        private var status: DesktopStatus { model.status }

        var html: HTML {
            let notice = model.notice
            let layout = Layout(pool.name, section: .desktops, chrome: chrome)
            let poolID = pool.id!
            let state: String
            switch status {
            case .seat: state = "seat"
            case .offered: state = "offered"
            case .waiting: state = "waiting"
            case .none: state = "none"
            }
            return layout.render([
                .h1(.text(pool.name)),
                .unwrap(notice) { notice in .div(.class("notice"), .attribute(named: "role", value: "status"), .p(.text(notice.text))) },
                .div(
                    .id("desktop"), .data(named: "state", value: state),
                    .data(named: "events", value: SiteURL.desktopEvents(id: poolID).path),
                    .data(named: "ticket", value: SiteURL.desktopTicket(id: poolID).path),
                    .data(named: "csrf", value: layout.csrf),
                    .data(named: "novnc", value: SiteURL.noVNC.path),
                    body(csrf: layout.csrf)
                ),
                layout.script(.desktopScript),
            ])
        }

        private func body(csrf: String) -> Node<HTML.BodyContext> {
            let poolID = pool.id!
            switch status {
            case .seat(let name, _):
                return .group(
                    .p(.text("Seat: \(name)")),
                    .p(.id("desktop-status"), .attribute(named: "role", value: "status"), .text("Connecting…")),
                    .div(
                        .class("desktop-actions"),
                        .button(.type(.button), .id("desktop-fullscreen"), .class("button button--secondary"), .text("Full screen")),
                        Components.postButton(
                            "Sign out of desktop", to: .desktopSignOut(id: poolID), csrf: csrf, style: "button--secondary")
                    ),
                    .if(model.asksWindowsCredentials, Self.windowsSignIn),
                    .div(
                        .id("desktop-screen"), .class("desktop-screen"), .data(named: "seat", value: Components.attributeSafe(name)),
                        .attribute(named: "role", value: "region"), .attribute(named: "aria-label", value: "Remote desktop"),
                        .noscript(.p(.text("The desktop viewer needs JavaScript. Turn it on for this site to see your desktop.")))
                    ),
                    clipboard
                )
            case .offered(let name, let until):
                return .group(
                    .p(.id("desktop-status"), .attribute(named: "role", value: "status"), .strong(.text("A seat is ready for you"))),
                    .p(.text("\(name) is held for you until \(Self.time(until)). Take it before then, or it passes to the next person.")),
                    Components.postButton("Take the seat", to: .desktopOpen(id: poolID), csrf: csrf),
                    Components.postButton("Leave the line", to: .desktopSignOut(id: poolID), csrf: csrf, style: "button--secondary")
                )
            case .waiting(let place, let wait):
                return .group(
                    .p(
                        .id("desktop-status"), .attribute(named: "role", value: "status"),
                        .text("You are number "), .span(.id("waiting-place"), .text("\(place)")), .text(" in line")
                    ),
                    .p(.text("Estimated wait: "), .span(.id("waiting-estimate"), .text(DesktopStatus.describe(wait))), .text(".")),
                    .p(
                        .class("hint"),
                        .text(
                            "This page updates by itself and shows a button when a seat is ready for you. "
                                + "Without JavaScript, use Check again.")),
                    .a(.class("button button--secondary"), .href(SiteURL.desktopPool(id: poolID).path), .text("Check again")),
                    Components.postButton("Leave the line", to: .desktopSignOut(id: poolID), csrf: csrf, style: "button--secondary")
                )
            case .none:
                return .group(
                    .p(.id("desktop-status"), .text("You have no seat in this pool.")),
                    Components.postButton("Open my desktop", to: .desktopOpen(id: poolID), csrf: csrf)
                )
            }
        }

        /// What the pool lets cross between the desktop and this computer, enforced by the gateway, and the boxes that
        /// carry text the ways it allows (the browser does not let a page read or fill the computer's clipboard unasked).
        private var clipboard: Node<HTML.BodyContext> {
            let policy = pool.clipboard
            return .div(
                .id("desktop-clipboard"), .class("desktop-clipboard"), .data(named: "policy", value: policy.rawValue),
                .p(.class("hint"), .text(policy.sentence)),
                .if(
                    policy.allowsFromDesktop,
                    .group(
                        .label(.for("desktop-clipboard-from"), .text("Last text copied on the desktop")),
                        .textarea(.id("desktop-clipboard-from"), .attribute(named: "readonly"), .attribute(named: "rows", value: "3"))
                    )),
                .if(
                    policy.allowsToDesktop,
                    .group(
                        .label(.for("desktop-clipboard-to"), .text("Text to paste into the desktop")),
                        .textarea(.id("desktop-clipboard-to"), .attribute(named: "rows", value: "3")),
                        .button(
                            .type(.button), .id("desktop-clipboard-send"), .class("button button--secondary"),
                            .text("Put on the desktop's clipboard"))
                    ))
            )
        }

        /// The Windows sign-in the viewer sends with its ticket, for this connection only: the page's script connects
        /// once the person gives it or chooses the Windows screen.
        private static var windowsSignIn: Node<HTML.BodyContext> {
            .form(
                // shown by the page's script once it can connect (the form does nothing without it)
                .id("windows-sign-in"), .class("windows-sign-in"), .attribute(named: "autocomplete", value: "off"),
                .attribute(named: "hidden", value: "hidden"),
                .h2(.text("Sign in to Windows")),
                .p(
                    .class("hint"),
                    .text(
                        "Your Windows user name and password go to this desktop's connection only: they are not stored. "
                            + "Or sign in on the Windows screen.")),
                Components.field("windows-user", label: "Windows user name", autocomplete: "username"),
                Components.field("windows-domain", label: "Domain (if your practice uses one)", autocomplete: "off"),
                Components.field("windows-password", label: "Windows password", type: .password, autocomplete: "current-password"),
                .div(
                    .class("desktop-actions"),
                    .button(.type(.submit), .class("button"), .text("Connect")),
                    .button(.type(.button), .id("windows-screen"), .class("button button--secondary"), .text("Use the Windows sign-in screen"))
                )
            )
        }

        /// One line on where the person stands, for the list of pools.
        static func summary(_ status: DesktopStatus) -> String {
            switch status {
            case .seat(let name, let disconnected):
                disconnected ? "Your desktop is waiting for you on \(name)." : "Your desktop is open on \(name)."
            case .offered(let name, _): "A seat is ready for you: \(name)."
            case .waiting(let place, let wait): "You are number \(place) in line (estimated wait: \(DesktopStatus.describe(wait)))."
            case .none: "You have no seat in this pool."
            }
        }

        static func openLabel(_ status: DesktopStatus) -> String {
            switch status {
            case .offered: "Take the seat"
            case .waiting: "See my place in line"
            default: "Open my desktop"
            }
        }

        private static func time(_ date: Date) -> String { UKTime.clock(date) }
    }
}
