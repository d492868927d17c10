import Foundation

/// Signing in, one page a step: the email and password, then the code from the authenticator app. Neither shows
/// anything from the database: what was typed, its errors, and where to go afterwards.
enum Login {
    /// The email and password page.
    enum Password {
        struct Model: Sendable {
            /// The email address as typed; the password is never shown again.
            var email: String
            var errors: [FormError]
            /// A same-site path to return to after signing in (`LoginController.nextPath`).
            var next: String?
            /// The person has just signed out: the page says so unless there are errors.
            var signedOut: Bool = false
            /// NHS CIS2 is configured: the page offers it beside the password.
            var offersCIS2: Bool = false
        }
    }

    /// The page asking for a code from the authenticator app.
    enum SecondFactor {
        struct Model: Sendable {
            var errors: [FormError]
            var next: String?
        }
    }
}
