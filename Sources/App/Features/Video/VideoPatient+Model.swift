import Domain
import Fluent
import Foundation
import Vapor

/// The patient's (or guest's) page of a video consultation, reached by their link.
enum VideoPatient {
    struct Model: Sendable {
        var consultation: VideoConsultation
        /// The practice's name, as the patient knows it.
        var practice: String
        var participant: VideoParticipant
        /// The link's token: the page's script signals through it.
        var token: String

        /// The consultation a checked link admits to (`VideoSignalController.byLink`), and its practice.
        static func load(
            _ admission: VideoSignalController.Admission, token: String, on db: any Database
        ) async throws -> Model {
            guard let consultation = try await VideoConsultation.find(admission.consultation, on: db),
                let practice = try await Organisation.find(consultation.organisationID, on: db)
            else { throw Abort(.notFound, reason: VideoRefusal.unknownLink) }
            return Model(consultation: consultation, practice: practice.name, participant: admission.participant, token: token)
        }
    }
}
