import Domain
import Fluent
import Foundation

/// Funding pots with spend against allocation, the commissioner's delegated limit and a practice's readiness target.
enum EstateFundingShow {
    /// What the page shows: the pots of the acting organisation and those that commission it, its settings, the limit
    /// above which national approval is needed, and what the person may change.
    struct Model: Sendable {
        var pots: [EstateFundingPot]
        var settings: EstateSettings?
        /// The delegated limit in pence.
        var limit: Int
        /// A commissioner's IT lead: they add pots and set the delegated limit.
        var isCommissioner: Bool
        /// Whether the person may change the settings.
        var mayManage: Bool
        var errors: [FormError]

        /// Checks the person may see the estate, then finds the pots along the commissioning line and the settings.
        static func load(for staff: StaffContext, errors: [FormError], on db: any Database) async throws -> Model {
            try staff.require(.viewEstate)
            let acting = staff.actingOrganisation
            let actingID = try acting.requireID()
            let owners = try await OrganisationScope.commissioningLine(from: actingID, on: db).compactMap(\.id)
            let pots = try await EstateFundingPot.query(on: db).filter(\.$ownerID ~~ owners).sort(\.$name).all()
            let settings = try await EstateSettings.query(on: db).filter(\.$organisationID == actingID).first()
            let limit = try await EstateRequestFlow.delegatedLimit(for: actingID, on: db)
            return Model(
                pots: pots, settings: settings, limit: limit,
                isCommissioner: staff.can(.approveFunding) && [.subICB, .icb, .national].contains(acting.kind),
                mayManage: staff.can(.manageEstate), errors: errors)
        }
    }
}
