import Domain
import Foundation
import Plot
import Vapor

/// The form a practice manager fills to invite staff, and the link to send afterwards.
struct InvitePage {
    var draft: InvitationDraft
    var roles: [StaffRole]
    var errors: [FormError]
    var link: (name: String, url: String)?

    func render(_ req: Request) -> HTML {
        Layout("Invite someone", section: .staff, request: req).render([
            .h1(.text("Invite someone")),
            .unwrap(link) { link in
                .div(
                    .class("notice"), .attribute(named: "role", value: "status"),
                    .p(.text("Invitation created for \(link.name). Send them this link; it works once, for 7 days:")),
                    .p(.code(.attribute(named: "data-testid", value: "invitation-link"), .text(link.url)))
                )
            },
            Components.errorSummary(errors),
            .form(
                .action(SiteURL.staffInvite.path), .method(.post), .novalidate(),
                Components.csrfField(req.csrfToken),
                .div(
                    Components.field("name", label: "Full name", value: draft.name ?? "", autocomplete: "off", errors: errors),
                    Components.field("email", label: "Email address", value: draft.email ?? "", type: .email, autocomplete: "off", errors: errors),
                    Components.select("role", label: "Role", options: roles.map { ($0.rawValue, $0.displayName) }, selected: draft.role, errors: errors),
                    Components.select("kind", label: "Kind of engagement", options: EngagementKind.allCases.map { ($0.rawValue, $0.displayName) }, selected: draft.kind, errors: errors),
                    Components.field("startsOn", label: "First day", value: draft.startsOn ?? "", type: .date, hint: "For example 2026-12-01", errors: errors),
                    Components.field("endsOn", label: "Last day (optional; required for a locum)", value: draft.endsOn ?? "", type: .date, hint: "Access ends after this day", errors: errors)
                ),
                .button(.type(.submit), .class("button"), .text("Create invitation"))
            ),
        ])
    }
}

/// The page an invitee opens: set a password then enrol a second factor, or, with an account already, sign in to it first.
struct AcceptInvitationPage {
    /// Where the invitee stands with their account.
    enum Account {
        case new
        case signInFirst
        case signedIn
    }

    var invitation: Invitation
    var organisationName: String
    var account: Account
    var errors: [FormError]
    var token: String

    func render(_ req: Request) -> HTML {
        let role = invitation.role.displayName
        return Layout("Accept your invitation", request: req).render([
            .div(
                .class("narrow"),
                .h1(.text("Join \(organisationName)")),
                .p(.text("\(invitation.name), you are invited as \(role), from \(invitation.startsOn.displayText)\(invitation.endsOn.map { " to \($0.displayText)" } ?? "").")),
                Components.errorSummary(errors),
                form(req)
            )
        ])
    }

    private func form(_ req: Request) -> Node<HTML.BodyContext> {
        let action = SiteURL.invitation(token: token).path
        switch account {
        case .signedIn:
            return .form(
                .action(action), .method(.post), Components.csrfField(req.csrfToken),
                .p(.text("You are signed in as \(invitation.email). Accepting adds this engagement to your account.")),
                .button(.type(.submit), .class("button"), .text("Accept invitation"))
            )
        case .new, .signInFirst:
            // the same page whether or not the address has an account, so that the link tells nobody which
            return .form(
                .action(action), .method(.post), .novalidate(), Components.csrfField(req.csrfToken),
                .p(
                    .text("If you already have a Surgery Anywhere account, "),
                    .a(.href(SiteURL.login.path + "?next=" + action), .text("sign in to it first")),
                    .text(", then this link adds the engagement to it.")),
                .div(
                    .p(.text("If not, choose a password. Long is good: three or four random words work well. Common passwords are refused.")),
                    Components.field("password", label: "Password", type: .password, autocomplete: "new-password", errors: errors),
                    Components.field("confirm", label: "Password again", type: .password, autocomplete: "new-password", errors: errors)
                ),
                .button(.type(.submit), .class("button"), .text("Accept invitation"))
            )
        }
    }
}
