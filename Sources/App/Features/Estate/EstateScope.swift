import Domain
import Fluent
import Foundation
import SQLKit
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

    /// The visible organisations whose staff readiness is counted (practices, hubs and services, never commissioners),
    /// by name: read as plain rows, not models, as a national roll-up names every one of England's 6,500 on each request.
    func providers(on db: any Database) async throws -> [RollupOrganisation] {
        if isProvider { return [try RollupOrganisation(acting)] }
        guard let sql = db as? any SQLDatabase else { return [] }
        func query() -> SQLSelectBuilder {
            sql.select().columns("id", "ods_code", "name").from(Organisation.schema)
                .where("kind", .in, SQLBind.group(Self.providerKinds.map(\.rawValue)))
        }
        var rows: [RollupOrganisation] = []
        if let visible {
            for chunk in Array(visible).chunked(500) {
                rows += try await query().where("id", .in, SQLBind.group(Array(chunk))).all(decoding: RollupOrganisation.self)
            }
        } else {
            rows = try await query().all(decoding: RollupOrganisation.self)
        }
        return rows.sorted { ($0.name, $0.odsCode) < ($1.name, $1.odsCode) }
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

/// An organisation as a readiness roll-up names it: its ODS code and name.
struct RollupOrganisation: Sendable, Decodable {
    var id: UUID
    var odsCode: String
    var name: String

    enum CodingKeys: String, CodingKey {
        case id
        case odsCode = "ods_code"
        case name
    }

    init(_ organisation: Organisation) throws {
        self.id = try organisation.requireID()
        self.odsCode = organisation.odsCode
        self.name = organisation.name
    }
}
