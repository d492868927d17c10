import Foundation

/// The home page: a greeting, where the person works today, links to their work. It shows only what the sign-in
/// already holds, so there is nothing to load.
enum Home {
    struct Model: Sendable {
        /// The signed-in person's name.
        var name: String
        /// Their engagements active today, with their organisations.
        var engagements: [StaffContext.ActiveEngagement]

        init(name: String, engagements: [StaffContext.ActiveEngagement]) {
            self.name = name
            self.engagements = engagements
        }

        /// The page for a signed-in person.
        init(for staff: StaffContext) {
            self.init(name: staff.person.name, engagements: staff.engagements)
        }
    }
}
