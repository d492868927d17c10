import Domain
import Fluent
import Foundation

/// A patient's reply through a link, one page a step: the date of birth, the reply, the confirmation. The link is
/// found and checked by `PatientReplyController.link` before any of them; only the reply form, after the date of
/// birth, shows something from it: the practice's message.
enum PatientReply {
    /// Asks for the date of birth before showing anything about the request.
    enum Verify {
        struct Model: Sendable {
            /// The link's token, which the form posts back to.
            var token: String
            var errors: [FormError]
        }
    }

    /// The reply itself, with photos, below the practice's message it answers.
    enum Form {
        struct Model: Sendable {
            var token: String
            var errors: [FormError]
            /// What the practice asked, as its message said it (links in it shown as "[reply link]").
            var question: String? = nil

            /// The practice's last message to the patient sent with this link or before it (the patient has given
            /// their date of birth by now).
            static func load(link: ReplyLink, token: String, errors: [FormError], on db: any Database) async throws -> Model {
                let message = try await PatientMessage.query(on: db).filter(\.$request.$id == link.$request.id)
                    .filter(\.$direction == .outbound).filter(\.$createdAt <= link.createdAt.addingTimeInterval(60))
                    .sort(\.$createdAt, .descending).first()
                return Model(token: token, errors: errors, question: message.map { ReplyLinks.redact($0.body) })
            }
        }
    }

    /// After a reply: nothing to load.
    enum Sent {}
}
