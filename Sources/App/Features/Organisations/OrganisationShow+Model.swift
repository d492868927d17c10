import Domain
import Fluent
import Foundation
import Vapor

/// One organisation's details, if the acting organisation may see it.
enum OrganisationShow {
    /// What the page shows: the organisation, who commissions it, its network, and how many engagements it has.
    struct Model: Sendable {
        var organisation: Organisation
        var parent: Organisation?
        var pcn: Organisation?
        var staffCount: Int
        /// Working days closed in core hours with the ICB's agreement, from a year ago on (practices only).
        var closures: [AgreedClosure] = []

        /// Checks the person may see organisations and this one in particular (else 404), then loads its relations.
        static func load(code: String, for staff: StaffContext, on db: any Database) async throws -> Model {
            try staff.require(.viewOrganisations)
            guard
                let organisation = try await OrganisationScope.visibleOrganisation(
                    code: code, from: staff.actingOrganisation, on: db, today: staff.today)
            else { throw Abort(.notFound, reason: "There is no organisation \(code) that you can see.") }
            let parent = try await organisation.parentID.asyncMap { try await Organisation.find($0, on: db) } ?? nil
            let pcn = try await organisation.pcnID.asyncMap { try await Organisation.find($0, on: db) } ?? nil
            let staffCount = try await Engagement.query(on: db).filter(\.$organisation.$id == organisation.requireID()).count()
            let closures = try await AgreedClosureRecord.upcoming(
                organisationID: organisation.requireID(), from: staff.today.adding(days: -365), on: db)
            return Model(
                organisation: organisation, parent: parent, pcn: pcn, staffCount: staffCount, closures: closures.map(\.closure))
        }
    }
}
