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

    /// Readiness of each organisation, in the order given. Reads in a handful of queries however many there are; for
    /// many organisations (a national roll-up) it reads whole tables once rather than thousands of IN lists.
    static func organisations(
        _ organisations: [Organisation], on db: any Database, today: CalendarDay, wholeEstateAbove: Int = wideScope
    ) async throws -> [OrganisationLine] {
        guard let sql = db as? any SQLDatabase else { return [] }
        let ids = organisations.compactMap(\.id)
        let engagements: [EngagementRow]
        let people: [UUID: (name: String, enrolled: Bool)]
        let kit: [UUID: Set<AssetKind>]
        if ids.count > wholeEstateAbove {
            (engagements, people, kit) = try await wholeEstate(on: sql, today: today)
        } else {
            engagements = try await activeEngagements(at: ids, on: sql, today: today)
            let personIDs = Array(Set(engagements.map(\.person_id)))
            people = try await peopleEnrolment(personIDs, on: sql)
            kit = try await kitInUse(personIDs, on: sql)
        }
        // read straight from SQL, not through the model: a role this version does not know is still an error
        if let unknown = engagements.first(where: { StaffRole(rawValue: $0.role) == nil }) {
            throw StoredValueError(table: Engagement.schema, row: unknown.id, column: "role", value: unknown.role)
        }
        var grants: [DesktopPoolOrganisation] = []
        for chunk in ids.chunked(5000) {
            grants += try await DesktopPoolOrganisation.query(on: db).filter(\.$organisationID ~~ Array(chunk)).all()
        }
        let pools = Dictionary(
            uniqueKeysWithValues: try await DesktopPool.query(on: db).filter(\.$id ~~ Set(grants.map(\.poolID))).all()
                .compactMap { pool in pool.id.map { ($0, pool) } })
        let grantsByOrganisation = Dictionary(grouping: grants, by: \.organisationID)
        let profiles = Dictionary(
            grouping: try await EstateProfile.query(on: db).filter(\.$organisationID ~~ ids).all(), by: \.organisationID)
        let targets = Dictionary(
            try await EstateSettings.query(on: db).filter(\.$organisationID ~~ ids).all().map { ($0.organisationID, $0.readinessTarget) },
            uniquingKeysWith: { a, _ in a })
        let byOrganisation = Dictionary(grouping: engagements, by: \.organisation_id)
        return organisations.map { organisation in
            let id = organisation.id ?? UUID()
            let own = (profiles[id] ?? []).map(\.profile)
            let seatRoles = desktopRoles(grants: grantsByOrganisation[id] ?? [], pools: pools)
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
            let target = (targets[id] ?? nil) ?? ReadinessTarget.standard
            let summary = OrganisationReadiness(staff: lines.count, ready: lines.filter(\.ready).count, target: target)
            return OrganisationLine(
                organisation: organisation, people: lines, summary: summary,
                profiles: Dictionary(own.map { ($0.role, $0.needs) }, uniquingKeysWith: { a, _ in a }))
        }
    }

    /// Above this many organisations the queries read whole tables rather than IN lists.
    static let wideScope = 1_000

    /// The roles that some desktop pool serving the organisation admits.
    private static func desktopRoles(grants: [DesktopPoolOrganisation], pools: [UUID: DesktopPool]) -> Set<StaffRole> {
        var roles = Set<StaffRole>()
        for grant in grants {
            guard let pool = pools[grant.poolID] else { continue }
            let allowed = pool.allowedRoles.isEmpty ? Set(StaffRole.allCases) : Set(pool.allowedRoles)
            roles.formUnion(allowed.filter { $0.permissions.contains(.openDesktop) })
        }
        return roles
    }

    private struct EngagementRow: Decodable {
        var id: UUID
        var person_id: UUID
        var organisation_id: UUID
        var role: String
    }

    private struct WholeRow: Decodable {
        var id: UUID
        var person_id: UUID
        var organisation_id: UUID
        var role: String
        var enrolled: Int
        var kinds: Int
    }

    /// Every engagement in force with its person's second factor and kit in use, in one query: for a national roll-up,
    /// where names are not shown and separate reads of people and kit would decode twice as many rows.
    private static func wholeEstate(
        on sql: any SQLDatabase, today: CalendarDay
    ) async throws -> ([EngagementRow], [UUID: (name: String, enrolled: Bool)], [UUID: Set<AssetKind>]) {
        let rows = try await sql.raw(
            """
            SELECT e.id, e.person_id, e.organisation_id, e.role,
                CASE WHEN p.totp_secret IS NULL THEN 0 ELSE 1 END AS enrolled, COALESCE(k.kinds, 0) AS kinds
            FROM engagements e
            JOIN people p ON p.id = e.person_id
            LEFT JOIN (\(unsafeRaw: kitQuerySQL)) k ON k.person_id = e.person_id
            WHERE e.starts_on <= \(bind: today.iso) AND (e.ends_on IS NULL OR e.ends_on >= \(bind: today.iso))
            """
        ).all(decoding: WholeRow.self)
        var people: [UUID: (name: String, enrolled: Bool)] = [:]
        var kit: [UUID: Set<AssetKind>] = [:]
        for row in rows where people[row.person_id] == nil {
            people[row.person_id] = ("", row.enrolled == 1)
            kit[row.person_id] = kinds(in: row.kinds)
        }
        return (rows.map { EngagementRow(id: $0.id, person_id: $0.person_id, organisation_id: $0.organisation_id, role: $0.role) }, people, kit)
    }

    /// Each person's kit in use as distinct bits summed, their own devices left out.
    private static var kitQuerySQL: String {
        let bits = AssetKind.allCases.enumerated().map { "WHEN '\($0.element.rawValue)' THEN \(1 << $0.offset)" }.joined(separator: " ")
        return "SELECT person_id, SUM(DISTINCT CASE kind \(bits) ELSE 0 END) AS kinds FROM estate_assets "
            + "WHERE person_id IS NOT NULL AND state = '\(AssetState.inUse.rawValue)' AND NOT personal GROUP BY person_id"
    }

    private static func kinds(in bits: Int) -> Set<AssetKind> {
        Set(AssetKind.allCases.enumerated().filter { bits & (1 << $0.offset) != 0 }.map(\.element))
    }

    private static func activeEngagements(at ids: [UUID], on sql: any SQLDatabase, today: CalendarDay) async throws -> [EngagementRow] {
        func query() -> SQLSelectBuilder {
            sql.select().columns("id", "person_id", "organisation_id", "role").from(Engagement.schema)
                .where("starts_on", .lessThanOrEqual, today.iso)
                .where { $0.where("ends_on", .is, SQLLiteral.null).orWhere("ends_on", .greaterThanOrEqual, today.iso) }
        }
        var rows: [EngagementRow] = []
        for chunk in ids.chunked(500) {
            rows += try await query().where("organisation_id", .in, SQLBind.group(Array(chunk))).all(decoding: EngagementRow.self)
        }
        return rows
    }

    private struct PersonRow: Decodable {
        var id: UUID
        var name: String
        var enrolled: Int
    }

    private static func peopleEnrolment(_ ids: [UUID], on sql: any SQLDatabase) async throws -> [UUID: (name: String, enrolled: Bool)] {
        func query() -> SQLSelectBuilder {
            sql.select().column("id").column("name")
                .column(SQLRaw("CASE WHEN totp_secret IS NULL THEN 0 ELSE 1 END"), as: "enrolled").from(Person.schema)
        }
        var rows: [PersonRow] = []
        for chunk in ids.chunked(1000) {
            rows += try await query().where("id", .in, SQLBind.group(Array(chunk))).all(decoding: PersonRow.self)
        }
        return Dictionary(rows.map { ($0.id, (name: $0.name, enrolled: $0.enrolled == 1)) }, uniquingKeysWith: { a, _ in a })
    }

    private struct KitRow: Decodable {
        var person_id: UUID
        var kinds: Int
    }

    /// Kit in use in each person's name, one row a person (the kinds summed as distinct bits); their own devices do
    /// not count.
    private static func kitInUse(_ ids: [UUID], on sql: any SQLDatabase) async throws -> [UUID: Set<AssetKind>] {
        let bits = AssetKind.allCases.enumerated().map { "WHEN '\($0.element.rawValue)' THEN \(1 << $0.offset)" }.joined(separator: " ")
        func query() -> SQLSelectBuilder {
            sql.select().column("person_id").column(SQLRaw("SUM(DISTINCT CASE kind \(bits) ELSE 0 END)"), as: "kinds")
                .from(EstateAsset.schema).where("person_id", .isNot, SQLLiteral.null)
                .where("state", .equal, AssetState.inUse.rawValue).where("personal", .equal, false).groupBy("person_id")
        }
        var rows: [KitRow] = []
        for chunk in ids.chunked(1000) {
            rows += try await query().where("person_id", .in, SQLBind.group(Array(chunk))).all(decoding: KitRow.self)
        }
        return Dictionary(rows.map { ($0.person_id, kinds(in: $0.kinds)) }, uniquingKeysWith: { a, _ in a })
    }
}

extension Array {
    /// The array in slices of at most `size`, for IN lists the databases accept.
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
