import Domain
import Foundation
import Plot
import Vapor

/// The sections a signed-in person moves between; the header highlights the current one.
enum SiteSection: String, Sendable {
    case home, consult, desktops, estate, staff, organisations, audit, settings
}

/// What every page's frame needs from the request, taken once by the controller so that a view is pure: who is
/// signed in (and acting for where), the form token, and where the stylesheet and scripts are.
struct PageChrome: Sendable {
    var staff: StaffContext?
    var csrf: String
    var assets: SiteAssets
}

extension Request {
    /// The frame's inputs for a page rendered for this request.
    var pageChrome: PageChrome {
        PageChrome(staff: staffContextIfLoaded, csrf: csrfToken, assets: application.siteAssets)
    }
}

/// The shared page frame: NHS-style header, skip link, landmarks, the organisation switcher.
struct Layout {
    var title: String
    var section: SiteSection?
    var staff: StaffContext?
    var csrf: String
    /// Where the stylesheet and scripts are, with their versions.
    var assets: SiteAssets

    /// The frame from what a view was given: a page's `+View` file never sees the request.
    init(_ title: String, section: SiteSection? = nil, chrome: PageChrome) {
        self.title = title
        self.section = section
        self.staff = chrome.staff
        self.csrf = chrome.csrf
        self.assets = chrome.assets
    }

    /// A page script from `Public/assets`, loaded as a module; it finds its URLs in the page's `data-` attributes.
    func script(_ asset: SiteAsset) -> Node<HTML.BodyContext> {
        .script(.attribute(named: "type", value: "module"), .src(assets.url(asset)))
    }

    /// A whole document around `content`.
    func render(_ content: [Node<HTML.BodyContext>]) -> HTML {
        HTML(
            .lang(.english),
            .head(
                .meta(.charset(.utf8)),
                .meta(.name("viewport"), .content("width=device-width, initial-scale=1")),
                .element(named: "title", text: "\(title) – Surgery Anywhere"),
                .link(.rel(.stylesheet), .href(assets.url(.stylesheet)))
            ),
            .body(
                .a(.class("skip-link"), .href("#main"), .text("Skip to main content")),
                header,
                .main(.id("main"), .class("page"), .attribute(named: "tabindex", value: "-1"), .group(content)),
                .footer(
                    .class("site-footer"),
                    .p(.text("Surgery Anywhere: remote working for general practice. Every access to patient data is recorded."))
                )
            )
        )
    }

    private var header: Node<HTML.BodyContext> {
        .header(
            .class("site-header"),
            .div(
                .class("site-header__bar"),
                .a(.class("site-header__name"), .href(SiteURL.home.path), .text("Surgery Anywhere")),
                .unwrap(staff) { staff in
                    .div(
                        .class("site-header__who"),
                        .span(.class("who__name"), .text(staff.person.name)),
                        Components.postButton("Sign out", to: .logout, csrf: csrf, style: "button--header")
                    )
                }
            ),
            .unwrap(staff) { staff in .group(actingFor(staff), navigation(staff)) }
        )
    }

    private func actingFor(_ staff: StaffContext) -> Node<HTML.BodyContext> {
        let choices = staff.organisationsActingFor
        return .div(
            .class("acting-for"),
            .p(
                .class("acting-for__current"),
                .text("Acting for: "),
                .strong(.attribute(named: "data-testid", value: "acting-for"), .text(staff.actingOrganisation.name)),
                .text(" (\(staff.actingRoles.map(\.displayName).joined(separator: ", ")))")
            ),
            .if(
                choices.count > 1,
                .form(
                    .class("acting-for__switch"), .action(SiteURL.actingFor.path), .method(.post),
                    Components.csrfField(csrf),
                    .label(.for("acting-for-select"), .text("Acting for")),
                    .select(
                        .id("acting-for-select"), .attribute(named: "name", value: "organisation"),
                        .forEach(choices) { org in
                            Components.option(
                                value: org.odsCode, text: "\(org.name) (\(org.odsCode))",
                                selected: org.id == staff.actingOrganisation.id)
                        }
                    ),
                    .button(.type(.submit), .class("button button--secondary"), .text("Switch"))
                )
            )
        )
    }

    private func navigation(_ staff: StaffContext) -> Node<HTML.BodyContext> {
        var links: [(SiteSection, String, SiteURL)] = [
            (.home, "Home", .home), (.consult, "Remote assessment", .consult),
            (.desktops, "Virtual login", .desktops), (.estate, "Digital estate", .estate),
        ]
        if staff.can(.viewStaff) { links.append((.staff, "Staff", .staff)) }
        if staff.can(.viewOrganisations) { links.append((.organisations, "Organisations", .organisations)) }
        if staff.can(.viewAudit) { links.append((.audit, "Audit trail", .audit)) }
        if staff.can(.manageAPITokens) { links.append((.settings, "API tokens", .apiTokens)) }
        return .nav(
            .class("site-nav"), .attribute(named: "aria-label", value: "Main"),
            .ul(
                .forEach(links) { item in
                    .li(
                        .a(
                            .href(item.2.path), .text(item.1),
                            .if(item.0 == section, .attribute(named: "aria-current", value: "page"))
                        )
                    )
                }
            )
        )
    }
}

extension HTML: @retroactive AsyncResponseEncodable {
    public func encodeResponse(for request: Request) async throws -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .html
        return Response(status: .ok, headers: headers, body: .init(string: render()))
    }
}

extension Response {
    /// An HTML page with a status other than 200 (a form with errors is 422).
    static func page(_ html: HTML, status: HTTPStatus) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .html
        return Response(status: status, headers: headers, body: .init(string: html.render()))
    }
}
