import Domain
import Fluent
import Foundation
import Vapor

/// The clinician's page of one video consultation: who waits, the call, a guest, switch to phone, end.
enum VideoClinician {
    struct Model: Sendable {
        var consultation: VideoConsultation
        /// The guest already invited, if any.
        var guestLabel: String?
        /// A guest's link, shown once, just after it was made.
        var guestLink: String?
        var errors: [FormError]

        /// The consultation (the clinician's, as `VideoSignalController.byStaff` checked) and its guest.
        static func load(_ id: UUID, guestLink: String?, errors: [FormError], on db: any Database) async throws -> Model {
            guard let consultation = try await VideoConsultation.find(id, on: db) else { throw Abort(.notFound) }
            let guest = try await VideoLink.query(on: db).filter(\.$consultationID == id).filter(\.$participant != "patient").first()
            return Model(consultation: consultation, guestLabel: guest?.label, guestLink: guestLink, errors: errors)
        }
    }
}
