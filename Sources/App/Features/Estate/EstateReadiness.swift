import Domain
import Fluent
import Foundation
import SQLKit

/// Who is ready to work remotely: each person's needs (the entitlement profiles of their roles) against the kit in
/// use in their name and their credentials (second factor, a desktop pool seat, video consultation access).
enum EstateReadiness {
    /// One member of staff at one organisation and what they still lack.
    struct PersonLine: Sendable {
        var personID: UUID
        var name: String
        var roles: [StaffRole]
        var missing: [Need]
        var ready: Bool { missing.isEmpty }
    }

    /// One organisation's staff and its share ready against its target.
    struct OrganisationLine: Sendable {
        var organisation: Organisation
        var people: [PersonLine]
        var summary: OrganisationReadiness
        /// The organisation's own profiles, where it replaced the standard one of a role.
        var profiles: [StaffRole: Set<Need>]
    }

    /// Readiness of each organisation, in the order given. Reads in a handful of queries however many there are.
    static func organisations(_ organisations: [Organisation], on db: any Database, today: CalendarDay) async throws -> [OrganisationLine] {
        guard let sql = db as? any SQLDatabase else { return [] }
        let ids = organisations.compactMap(\.id)
        let engagements = try await activeEngagements(at: ids, on: sql, today: today)
        let personIDs = Array(Set(engagements.map(\.person_id)))
        let people = try await peopleEnrolment(personIDs, on: sql)
        let kit = try await kitInUse(personIDs, on: sql)
        let grants = try await DesktopPoolOrganisation.query(on: db).all()
        let pools = Dictionary(
            uniqueKeysWithValues: try await DesktopPool.query(on: db).all().compactMap { pool in pool.id.map { ($0, pool) } })
        let profiles = try await EstateProfile.query(on: db).filter(\.$organisationID ~~ ids).all()
        let settings = try await EstateSettings.query(on: db).filter(\.$organisationID ~~ ids).all()
        let byOrganisation = Dictionary(grouping: engagements, by: \.organisation_id)
        return organisations.map { organisation in
            let id = organisation.id ?? UUID()
            let own = profiles.filter { $0.organisationID == id }.compactMap(\.profile)
            let seatRoles = desktopRoles(at: id, grants: grants, pools: pools)
            let roles = Dictionary(grouping: byOrganisation[id] ?? [], by: \.person_id)
                .mapValues { rows in Array(Set(rows.compactMap { StaffRole(rawValue: $0.role) })).sorted { $0.rawValue < $1.rawValue } }
            let lines = roles.compactMap { personID, roles -> PersonLine? in
                guard let person = people[personID], !roles.isEmpty else { return nil }
                let needs = EntitlementProfile.combined(roles.map { role in own.first { $0.role == role } ?? .standard(for: role) })
                let have = PersonKit(
                    kinds: kit[personID] ?? [], hasSecondFactor: person.enrolled,
                    hasDesktopSeat: roles.contains { seatRoles.contains($0) },
                    hasVideoAccess: roles.contains { $0.permissions.contains(.consultByVideo) })
                return PersonLine(personID: personID, name: person.name, roles: roles, missing: have.missing(needs))
            }.sorted { ($0.ready ? 1 : 0, $0.name) < ($1.ready ? 1 : 0, $1.name) }
            let target = settings.first { $0.organisationID == id }?.readinessTarget ?? ReadinessTarget.standard
            let summary = OrganisationReadiness(staff: lines.count, ready: lines.filter(\.ready).count, target: target)
            return OrganisationLine(
                organisation: organisation, people: lines, summary: summary,
                profiles: Dictionary(own.map { ($0.role, $0.needs) }, uniquingKeysWith: { a, _ in a }))
        }
    }

    /// The roles at an organisation that some desktop pool serving it admits.
    private static func desktopRoles(at organisationID: UUID, grants: [DesktopPoolOrganisation], pools: [UUID: DesktopPool]) -> Set<
        StaffRole
    > {
        var roles = Set<StaffRole>()
        for grant in grants where grant.organisationID == organisationID {
            guard let pool = pools[grant.poolID] else { continue }
            let allowed = pool.allowedRoles.isEmpty ? Set(StaffRole.allCases) : Set(pool.allowedRoles)
            roles.formUnion(allowed.filter { $0.permissions.contains(.openDesktop) })
        }
        return roles
    }

    private struct EngagementRow: Decodable {
        var person_id: UUID
        var organisation_id: UUID
        var role: String
    }

    private static func activeEngagements(at ids: [UUID], on sql: any SQLDatabase, today: CalendarDay) async throws -> [EngagementRow] {
        var rows: [EngagementRow] = []
        for chunk in ids.chunked(500) {
            rows += try await sql.select().columns("person_id", "organisation_id", "role").from(Engagement.schema)
                .where("organisation_id", .in, SQLBind.group(Array(chunk)))
                .where("starts_on", .lessThanOrEqual, today.iso)
                .where { $0.where("ends_on", .is, SQLLiteral.null).orWhere("ends_on", .greaterThanOrEqual, today.iso) }
                .all(decoding: EngagementRow.self)
        }
        return rows
    }

    private struct PersonRow: Decodable {
        var id: UUID
        var name: String
        var enrolled: Int
    }

    private static func peopleEnrolment(_ ids: [UUID], on sql: any SQLDatabase) async throws -> [UUID: (name: String, enrolled: Bool)] {
        var people: [UUID: (name: String, enrolled: Bool)] = [:]
        for chunk in ids.chunked(1000) {
            let rows = try await sql.select().column("id").column("name")
                .column(SQLRaw("CASE WHEN totp_secret IS NULL THEN 0 ELSE 1 END"), as: "enrolled")
                .from(Person.schema).where("id", .in, SQLBind.group(Array(chunk))).all(decoding: PersonRow.self)
            for row in rows { people[row.id] = (row.name, row.enrolled == 1) }
        }
        return people
    }

    private struct KitRow: Decodable {
        var person_id: UUID
        var kind: String
    }

    /// Kit in use in each person's name; their own devices do not count.
    private static func kitInUse(_ ids: [UUID], on sql: any SQLDatabase) async throws -> [UUID: Set<AssetKind>] {
        var kit: [UUID: Set<AssetKind>] = [:]
        for chunk in ids.chunked(1000) {
            let rows = try await sql.select().columns("person_id", "kind").from(EstateAsset.schema)
                .where("person_id", .in, SQLBind.group(Array(chunk))).where("state", .equal, AssetState.inUse.rawValue)
                .where("personal", .equal, false)
                .all(decoding: KitRow.self)
            for row in rows { kit[row.person_id, default: []].insert(AssetKind(rawValue: row.kind) ?? .other) }
        }
        return kit
    }
}

extension Array {
    /// The array in slices of at most `size`, for IN lists the databases accept.
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
