import Domain
import Fluent
import Foundation
import Vapor

/// The page an invitee opens: set a password then enrol a second factor, or, with an account already, sign in to it
/// first.
enum AcceptInvitation {
    /// Where the invitee stands with their account.
    enum Account: Sendable {
        case new
        case signInFirst
        case signedIn
    }

    /// The invitation behind a link, its organisation, and whether its address has an account this browser is
    /// signed in to.
    struct Model: Sendable {
        /// The invitation, with its organisation loaded.
        var invitation: Invitation
        /// The account with the invitation's address, if there is one.
        var existing: Person?
        /// This browser is signed in, with both factors, to `existing`.
        var signedIn: Bool
        /// The link's token, which the form posts back to.
        var token: String
        var errors: [FormError] = []
        /// NHS CIS2 is set up: a new account may accept with it instead of a password.
        var offersCIS2 = false

        var organisationName: String { invitation.organisation.name }
        /// A password-less account counts as new: the invitee sets its password here.
        var account: Account { existing?.passwordHash == nil ? .new : (signedIn ? .signedIn : .signInFirst) }

        /// Finds the invitation behind `token`, refusing plainly one that is unknown, used or expired, and the
        /// account it is for; `session` is the browser's sign-in, if any.
        static func load(token: String, session: StaffSession?, on db: any Database) async throws -> Model {
            guard
                let invitation = try await Invitation.query(on: db).filter(\.$tokenDigest == SecretToken.digest(token))
                    .with(\.$organisation).first()
            else {
                throw Abort(
                    .notFound, reason: "This invitation link is not right. Check you copied all of it, or ask for a new invitation.")
            }
            guard invitation.acceptedAt == nil else {
                throw Abort(.gone, reason: "This invitation has been used already. Sign in with your email address and password.")
            }
            guard invitation.expiresAt > Date() else {
                throw Abort(.gone, reason: "This invitation has expired. Ask the practice manager who invited you to send a new one.")
            }
            let existing = try await Person.query(on: db).filter(\.$email == invitation.email).first()
            var signedIn = false
            if let existing, existing.passwordHash != nil, let session, session.secondFactorAt != nil {
                signedIn = session.$person.id == existing.id
            }
            return Model(invitation: invitation, existing: existing, signedIn: signedIn, token: token)
        }
    }
}
