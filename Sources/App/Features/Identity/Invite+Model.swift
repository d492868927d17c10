import Domain
import Foundation

/// The form a practice manager fills to invite staff, and the link to send afterwards. It shows nothing from the
/// database: the form as typed, the roles the inviter may give, and the link just made.
enum Invite {
    struct Model: Sendable {
        var draft: InvitationDraft
        /// The roles the inviter may hand out (`InvitationDraft.invitableRoles`).
        var roles: [StaffRole]
        var errors: [FormError]
        /// The invitation just made: whom it is for and the link to send them, shown once.
        var link: (name: String, url: String)?

        /// Checks the person may invite staff, then fills the form with `draft` (a blank one starting today when nil).
        static func load(
            for staff: StaffContext, draft: InvitationDraft? = nil, errors: [FormError] = [], link: (name: String, url: String)? = nil
        ) throws -> Model {
            try staff.require(.inviteStaff)
            return Model(
                draft: draft ?? InvitationDraft(startsOn: staff.today.iso), roles: InvitationDraft.invitableRoles(by: staff.actingRoles),
                errors: errors, link: link)
        }
    }
}
