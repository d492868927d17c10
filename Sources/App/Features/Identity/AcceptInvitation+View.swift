import Domain
import Foundation
import Plot

extension AcceptInvitation {
    /// The invitation in words, and the form that accepts it.
    struct View {
        var model: Model
        var chrome: PageChrome

        var html: HTML {
            let invitation = model.invitation
            let role = invitation.role.displayName
            let starts = invitation.startsOn.displayText
            let ends = invitation.endsOn.map { " to \($0.displayText)" } ?? ""
            return Layout("Accept your invitation", chrome: chrome).render([
                .div(
                    .class("narrow"),
                    .h1(.text("Join \(model.organisationName)")),
                    .p(.text("\(invitation.name), you are invited as \(role), from \(starts)\(ends).")),
                    Components.errorSummary(model.errors),
                    form,
                    .if(
                        model.offersCIS2 && model.account != .signedIn,
                        .div(
                            .class("alternative-sign-in"),
                            .h2(.text("Or use your NHS Care Identity")),
                            .p(.text("Accept with your smartcard, Windows Hello or security key instead of choosing a password.")),
                            .a(.class("button button--secondary"), .href(SiteURL.invitationCIS2(token: model.token).path),
                               .text("Accept with NHS Care Identity"))))
                )
            ])
        }

        private var form: Node<HTML.BodyContext> {
            let action = SiteURL.invitation(token: model.token).path
            switch model.account {
            case .signedIn:
                return .form(
                    .action(action), .method(.post), Components.csrfField(chrome.csrf),
                    .p(.text("You are signed in as \(model.invitation.email). Accepting adds this engagement to your account.")),
                    .button(.type(.submit), .class("button"), .text("Accept invitation"))
                )
            case .new, .signInFirst:
                // the same page whether or not the address has an account, so that the link tells nobody which
                return .form(
                    .action(action), .method(.post), .novalidate(), Components.csrfField(chrome.csrf),
                    .p(
                        .text("If you already have a Surgery Anywhere account, "),
                        .a(.href(SiteURL.login.path + "?next=" + action), .text("sign in to it first")),
                        .text(", then this link adds the engagement to it.")),
                    .div(
                        .p(
                            .text(
                                "If not, choose a password. Long is good: three or four random words work well. Common passwords are refused."
                            )),
                        Components.field(
                            "password", label: "Password", type: .password, autocomplete: "new-password", errors: model.errors),
                        Components.field(
                            "confirm", label: "Password again", type: .password, autocomplete: "new-password", errors: model.errors)
                    ),
                    .button(.type(.submit), .class("button"), .text("Accept invitation"))
                )
            }
        }
    }
}
