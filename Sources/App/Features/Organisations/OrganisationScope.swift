import Domain
import Fluent
import Foundation

/// Which organisations' records someone acting for an organisation may see: itself, what it commissions
/// (down the parent line), a PCN's member practices, and the practices a hub or OOH service works for today.
enum OrganisationScope {
    /// The visible organisation ids, or nil for a national organisation, which sees every one. `partners`: whether the
    /// practices a hub or out-of-hours service works for count (they do for patients' care, not for the practices' estate).
    static func visibleIDs(from acting: Organisation, on db: any Database, today: CalendarDay, partners: Bool = true) async throws
        -> Set<UUID>?
    {
        let kind = acting.kind
        if kind == .national { return nil }
        let actingID = try acting.requireID()
        var visible: Set<UUID> = [actingID]
        var frontier: [UUID] = [actingID]
        while !frontier.isEmpty {
            let children = try await Organisation.query(on: db).filter(\.$parentID ~~ frontier).all()
            frontier = children.compactMap(\.id).filter { visible.insert($0).inserted }
        }
        if kind == .pcn {
            let members = try await Organisation.query(on: db).filter(\.$pcnID == actingID).all()
            visible.formUnion(members.compactMap(\.id))
        }
        guard partners else { return visible }
        let agreements = try await SharingAgreement.query(on: db).filter(\.$provider.$id == actingID).all()
        visible.formUnion(agreements.filter { $0.isActive(on: today) }.map { $0.$practice.id })
        return visible
    }

    /// The organisation with this ODS code if it is visible; nil (shown as 404) otherwise.
    static func visibleOrganisation(code: String, from acting: Organisation, on db: any Database, today: CalendarDay) async throws
        -> Organisation?
    {
        guard let organisation = try await Organisation.query(on: db).filter(\.$odsCode == code.uppercased()).first(),
            let id = organisation.id
        else { return nil }
        guard let visible = try await visibleIDs(from: acting, on: db, today: today) else { return organisation }
        return visible.contains(id) ? organisation : nil
    }

    /// The organisation and those above it on the commissioning line (practice → sub-ICB → ICB → national), nearest
    /// first; a loop in the data ends the walk.
    static func commissioningLine(from organisationID: UUID, on db: any Database) async throws -> [Organisation] {
        var line: [Organisation] = []
        var seen = Set<UUID>()
        var next: UUID? = organisationID
        while let id = next, seen.insert(id).inserted, let organisation = try await Organisation.find(id, on: db) {
            line.append(organisation)
            next = organisation.parentID
        }
        return line
    }
}
