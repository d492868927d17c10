import Domain
import Foundation

/// A patient's reply through a link, one page a step: the date of birth, the reply, the confirmation. The link is
/// found and checked by `PatientReplyController.link` before any of them; the pages show nothing from it.
enum PatientReply {
    /// Asks for the date of birth before showing anything about the request.
    enum Verify {
        struct Model: Sendable {
            /// The link's token, which the form posts back to.
            var token: String
            var errors: [FormError]
        }
    }

    /// The reply itself, with photos.
    enum Form {
        struct Model: Sendable {
            var token: String
            var errors: [FormError]
        }
    }

    /// After a reply: nothing to load.
    enum Sent {}
}
