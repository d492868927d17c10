import Domain
import Fluent
import Foundation
import Vapor

/// One import's progress and the rows it refused, by line.
enum EstateImportShow {
    /// What the page shows: the import as it stands and at most 1000 refused rows.
    struct Model: Sendable {
        var record: EstateImport
        var rejected: [EstateImportRejectedLine]

        /// Whether the import is still running: the page then refreshes itself.
        var running: Bool { record.status == .running }

        /// Checks the person manages the estate and the import was made for the acting organisation.
        static func load(_ id: UUID, for staff: StaffContext, on db: any Database) async throws -> Model {
            try staff.require(.manageEstate)
            guard let record = try await EstateImport.find(id, on: db), record.organisationID == staff.actingOrganisation.id else {
                throw Abort(.notFound, reason: "That import does not exist or was made for another organisation.")
            }
            let rejected = try await EstateImportRejectedLine.query(on: db).filter(\.$importID == record.requireID()).sort(\.$line)
                .limit(1000).all()
            return Model(record: record, rejected: rejected)
        }
    }
}
