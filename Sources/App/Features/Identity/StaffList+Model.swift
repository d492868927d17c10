import Domain
import Fluent
import Foundation

/// The people engaged by the acting organisation, with what the viewer may do about them.
enum StaffList {
    /// What the page shows: every engagement at the organisation (active or not), by name, and what the viewer may do.
    struct Model: Sendable {
        /// Engagements with their people loaded, sorted by name.
        var engagements: [Engagement]
        /// Today at the practice: whether an engagement is active.
        var today: CalendarDay
        var canEnd: Bool
        var canInvite: Bool

        /// Checks the person may see the staff list, then finds the acting organisation's engagements.
        static func load(for staff: StaffContext, on db: any Database) async throws -> Model {
            try staff.require(.viewStaff)
            let engagements = try await Engagement.query(on: db)
                .filter(\.$organisation.$id == staff.actingOrganisation.requireID())
                .with(\.$person).all()
                .sorted { $0.person.name < $1.person.name }
            return Model(
                engagements: engagements, today: staff.today, canEnd: staff.can(.endEngagements), canInvite: staff.can(.inviteStaff))
        }
    }
}
