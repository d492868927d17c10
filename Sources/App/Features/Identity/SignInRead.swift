import Domain
import Fluent
import Foundation
import SQLKit

/// What every signed-in request checks, read in one plain SQL query (columns by name) and made into the models the rest
/// of the app uses: the session with this token digest, its person, and the person's engagements with their
/// organisations. At 08:00 a whole practice signs in at once, and through Fluent's query builder these checks cost more
/// than the database does (building and serialising each query, reflecting each model's fields for every row read).
struct SignInRead: Sendable {
    /// An engagement of the person, active or not, with its organisation.
    struct Held: Sendable {
        var engagement: Engagement
        var organisation: Organisation
    }

    var session: StaffSession
    var engagements: [Held]

    /// The session with this token digest, or nil; the session's person is loaded (`session.person`).
    static func read(digest: String, on db: any Database) async throws -> SignInRead? {
        guard let sql = db as? any SQLDatabase else { throw SignInReadError.notSQL }
        let rows = try await sql.raw(
            """
            SELECT \(unsafeRaw: columns) FROM staff_sessions s JOIN people p ON p.id = s.person_id \
            LEFT JOIN engagements e ON e.person_id = p.id LEFT JOIN organisations o ON o.id = e.organisation_id \
            WHERE s.token_digest = \(bind: digest)
            """
        ).all()
        guard let first = rows.first else { return nil }
        let person = try Self.person(PlainRow(first))
        let session = try Self.session(PlainRow(first))
        session.$person.value = person
        var held: [Held] = []
        for row in rows.map(PlainRow.init) where try row.optional("e_id", UUID.self) != nil {
            let organisation = try Self.organisation(row)
            let engagement = try Self.engagement(row, person: person)
            engagement.$organisation.value = organisation
            held.append(Held(engagement: engagement, organisation: organisation))
        }
        return SignInRead(session: session, engagements: held)
    }

    /// Every column the models hold, each named by its table's letter (`s_`, `p_`, `e_`, `o_`).
    private static let columns: String = {
        let tables: [(String, [String])] = [
            ("s", ["id", "created_at", "token_digest", "last_seen_at", "second_factor_at", "acting_organisation_id",
                   "source_address", "csrf_digest", "sign_in_method", "assurance_level", "requested_level",
                   "provider_session_id", "person_id"]),
            ("p", ["id", "created_at", "name", "email", "password_hash", "totp_secret", "pending_totp_secret", "totp_last_counter"]),
            ("e", ["id", "created_at", "role", "kind", "starts_on", "ends_on", "organisation_id"]),
            ("o", ["id", "updated_at", "ods_code", "name", "kind", "address", "postcode", "telephone", "status", "opened_on",
                   "closed_on", "parent_id", "pcn_id"]),
        ]
        return tables.flatMap { table, names in names.map { "\(table).\($0) AS \(table)_\($0)" } }.joined(separator: ", ")
    }()

    private static func session(_ row: PlainRow) throws -> StaffSession {
        let session = StaffSession()
        session.id = try row.value("s_id", UUID.self)
        session.$id.exists = true
        session.createdAt = try row.value("s_created_at", Date.self)
        session.tokenDigest = try row.value("s_token_digest", String.self)
        session.lastSeenAt = try row.value("s_last_seen_at", Date.self)
        session.secondFactorAt = try row.optional("s_second_factor_at", Date.self)
        session.actingOrganisationID = try row.optional("s_acting_organisation_id", UUID.self)
        session.sourceAddress = try row.optional("s_source_address", String.self)
        session.csrfDigest = try row.optional("s_csrf_digest", String.self)
        session.signInMethod = try row.optional("s_sign_in_method", String.self)
        session.assuranceLevel = try row.optional("s_assurance_level", String.self)
        session.requestedLevel = try row.optional("s_requested_level", String.self)
        session.providerSessionID = try row.optional("s_provider_session_id", String.self)
        session.$person.id = try row.value("s_person_id", UUID.self)
        return session
    }

    private static func person(_ row: PlainRow) throws -> Person {
        let person = Person()
        person.id = try row.value("p_id", UUID.self)
        person.$id.exists = true
        person.createdAt = try row.optional("p_created_at", Date.self)
        person.name = try row.value("p_name", String.self)
        person.email = try row.value("p_email", String.self)
        person.passwordHash = try row.optional("p_password_hash", String.self)
        person.totpSecret = try row.optional("p_totp_secret", String.self)
        person.pendingTOTPSecret = try row.optional("p_pending_totp_secret", String.self)
        person.totpLastCounter = try row.optional("p_totp_last_counter", Int64.self)
        return person
    }

    private static func engagement(_ row: PlainRow, person: Person) throws -> Engagement {
        let engagement = Engagement()
        let id = try row.value("e_id", UUID.self)
        engagement.id = id
        engagement.$id.exists = true
        engagement.createdAt = try row.optional("e_created_at", Date.self)
        engagement.role = try row.typed("e_role", table: Engagement.schema, id: id)
        engagement.kind = try row.typed("e_kind", table: Engagement.schema, id: id)
        engagement.startsOn = try row.typed("e_starts_on", table: Engagement.schema, id: id)
        engagement.endsOn = try row.optionalTyped("e_ends_on", table: Engagement.schema, id: id)
        engagement.$person.id = try person.requireID()
        engagement.$organisation.id = try row.value("e_organisation_id", UUID.self)
        return engagement
    }

    private static func organisation(_ row: PlainRow) throws -> Organisation {
        let organisation = Organisation()
        let id = try row.value("o_id", UUID.self)
        organisation.id = id
        organisation.$id.exists = true
        organisation.updatedAt = try row.optional("o_updated_at", Date.self)
        organisation.odsCode = try row.value("o_ods_code", String.self)
        organisation.name = try row.value("o_name", String.self)
        organisation.kind = try row.typed("o_kind", table: Organisation.schema, id: id)
        organisation.address = try row.optional("o_address", String.self)
        organisation.postcode = try row.optional("o_postcode", String.self)
        organisation.telephone = try row.optional("o_telephone", String.self)
        organisation.status = try row.typed("o_status", table: Organisation.schema, id: id)
        organisation.openedOn = try row.optionalTyped("o_opened_on", table: Organisation.schema, id: id)
        organisation.closedOn = try row.optionalTyped("o_closed_on", table: Organisation.schema, id: id)
        organisation.parentID = try row.optional("o_parent_id", UUID.self)
        organisation.pcnID = try row.optional("o_pcn_id", UUID.self)
        return organisation
    }
}

enum SignInReadError: Error, CustomStringConvertible {
    case notSQL
    var description: String { "the sign-in checks need an SQL database" }
}
