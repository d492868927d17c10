import Domain
import Fluent
import Foundation

/// The CSV import of assets: the upload form with the acting organisation's recent imports.
enum EstateImports {
    /// What the page shows: the last 20 imports, newest first, and what was wrong with the upload.
    struct Model: Sendable {
        var recent: [EstateImport]
        var errors: [FormError]

        /// Checks the person manages the estate, then finds the acting organisation's recent imports.
        static func load(error: String?, for staff: StaffContext, on db: any Database) async throws -> Model {
            try staff.require(.manageEstate)
            let recent = try await EstateImport.query(on: db).filter(\.$organisationID == staff.actingOrganisation.requireID())
                .sort(\.$createdAt, .descending).limit(20).all()
            return Model(recent: recent, errors: error.map { [FormError(field: "file", message: $0)] } ?? [])
        }
    }
}
