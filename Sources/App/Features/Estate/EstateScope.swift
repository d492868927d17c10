import Domain
import Fluent
import Foundation
import Vapor

/// Whose estate the acting organisation may see: a practice only itself (and its branches), a commissioner the
/// practices it commissions, national every one. A hub or out-of-hours service sees its own, never its partner
/// practices' (their agreements are about patients' care).
struct EstateScope: Sendable {
    let acting: Organisation
    /// nil: everything (national).
    let visible: Set<UUID>?

    static func load(for staff: StaffContext, on db: any Database) async throws -> EstateScope {
        let visible = try await OrganisationScope.visibleIDs(from: staff.actingOrganisation, on: db, today: staff.today, partners: false)
        return EstateScope(acting: staff.actingOrganisation, visible: visible)
    }

    static func load(for organisation: Organisation, on db: any Database) async throws -> EstateScope {
        let visible = try await OrganisationScope.visibleIDs(from: organisation, on: db, today: CalendarDay(Date()), partners: false)
        return EstateScope(acting: organisation, visible: visible)
    }

    func contains(_ organisationID: UUID) -> Bool { visible?.contains(organisationID) ?? true }

    /// Whether the acting organisation looks after staff itself, rather than commissioning others who do.
    var isProvider: Bool {
        switch acting.kind {
        case .practice, .branch, .hub, .outOfHours, .urgentCare: true
        case .pcn, .subICB, .icb, .national: false
        }
    }

    /// The kinds of organisation whose staff readiness is counted.
    static let providerKinds: [OrganisationKind] = [.practice, .hub, .outOfHours, .urgentCare]

    /// The visible organisations whose staff readiness is counted: practices, hubs and services, never commissioners.
    func providers(on db: any Database) async throws -> [Organisation] {
        if isProvider { return [acting] }
        var query = Organisation.query(on: db).filter(\.$kind ~~ Self.providerKinds)
        if let visible { query = query.filter(\.$id ~~ visible) }
        return try await query.sort(\.$name).all()
    }

    /// The organisation with this ODS code if it is in scope; a 404 otherwise, never a hint that it exists.
    func organisation(code: String, on db: any Database) async throws -> Organisation {
        guard let organisation = try await Organisation.query(on: db).filter(\.$odsCode == code.uppercased()).first(),
            let id = organisation.id, contains(id)
        else { throw Abort(.notFound, reason: "There is no organisation \(code.uppercased()) that you can see.") }
        return organisation
    }

    /// The asset, if it belongs to an organisation in scope.
    func asset(_ id: UUID, on db: any Database) async throws -> EstateAsset {
        guard let asset = try await EstateAsset.find(id, on: db), contains(asset.ownerID) else {
            throw Abort(.notFound, reason: "That asset does not exist or is not one you can see.")
        }
        return asset
    }

    /// The request, if it was raised at an organisation in scope.
    func request(_ id: UUID, on db: any Database) async throws -> EstateRequest {
        guard let request = try await EstateRequest.find(id, on: db), contains(request.organisationID),
            request.status != .draft || request.organisationID == acting.id
        else {
            throw Abort(.notFound, reason: "That request does not exist or is not one you can see.")
        }
        return request
    }
}
