import Foundation

/// First sign-in, one page a step: enrol an authenticator app, then see the recovery codes once. The controller has
/// the person already (it decides whether they need this at all); the pages show only what it hands them.
enum Enrolment {
    /// The enrolment page: a QR code and the same secret as text.
    enum Setup {
        struct Model: Sendable {
            /// The account the app will name.
            var email: String
            /// The pending secret, in base32, opened from the person's sealed copy; empty if it cannot be opened.
            var secret: String
            var errors: [FormError]
        }
    }

    /// Shown once after enrolment: codes that stand in for the phone if it is lost.
    enum Codes {
        struct Model: Sendable {
            var codes: [String]
        }
    }
}
