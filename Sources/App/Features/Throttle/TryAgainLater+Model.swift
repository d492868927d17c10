import Foundation

/// The page a refused sign-in, invitation, date-of-birth check or patient request gets (429): what was paused, when
/// to try again, and whom to ask meanwhile. It shows nothing from the database.
enum TryAgainLater {
    struct Model: Sendable {
        /// The heading, which is also the page's title.
        var title: String
        /// What was paused and why, shown in the warning above `when`.
        var reason: String
        /// When to try again, in words: "Try again in 7 minutes, after 14:33 (UK time)."
        var when: String
        /// Whom to ask or call meanwhile, one paragraph each.
        var help: [String]
    }
}
