import Fluent
import FluentSQL
import SQLKit

/// 033: sign-in with NHS CIS2 and NHS login. Links from accounts to provider subjects, sign-ins in flight, patients
/// signed in with NHS login, the app's signing key; sessions say how they were signed in, at what assurance level
/// (asked and received) and under which provider session (`sid`, for back-channel logout); requests say who vouched
/// for the patient's identity; a practice's form offers NHS login unless it turns it off; a desktop pool may need AAL3.
struct M033SignInWithNHSIdentity: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ExternalIdentity.schema)
            .id()
            .field("provider", .string, .required)
            .field("issuer", .string, .required)
            .field("subject", .string, .required)
            .field("person_id", .uuid, .required, .references(Person.schema, .id, onDelete: .cascade))
            .field("linked_at", .datetime, .required)
            .unique(on: "provider", "issuer", "subject")
            .unique(on: "provider", "person_id")
            .create()
        try await database.schema(OIDCAttempt.schema)
            .id()
            .field("created_at", .datetime, .required)
            .field("state_digest", .string, .required)
            .field("provider", .string, .required)
            .field("purpose", .string, .required)
            .field("nonce", .string, .required)
            .field("sealed_verifier", .string, .required)
            .field("required_level", .string)
            .field("next_path", .string)
            .field("person_id", .uuid)
            .field("subject_key", .string)
            .field("expires_at", .datetime, .required)
            .unique(on: "state_digest")
            .create()
        try await database.schema(PatientSignIn.schema)
            .id()
            .field("created_at", .datetime, .required)
            .field("token_digest", .string, .required)
            .field("ods_code", .string, .required)
            .field("proofing_level", .string, .required)
            .field("subject", .string, .required)
            .field("nhs_number", .string)
            .field("given_name", .string)
            .field("family_name", .string)
            .field("birth_date", .string)
            .field("expires_at", .datetime, .required)
            .unique(on: "token_digest")
            .create()
        try await database.schema(OIDCSigningKey.schema)
            .id()
            .field("created_at", .datetime, .required)
            .field("key_id", .string, .required)
            .field("sealed_pem", .string, .required)
            .unique(on: "key_id")
            .create()
        // one column a statement: SQLite alters a table one column at a time
        for name in ["sign_in_method", "assurance_level", "requested_level", "provider_session_id"] {
            try await database.schema(StaffSession.schema).field(.string(name), .string).update()
        }
        try await database.schema(TriageRequest.schema).field("identity_verified_by", .string).update()
        try await database.schema(ConsultSettings.schema).field("offers_nhs_login", .bool, .required, .sql(.default(true))).update()
        try await database.schema(DesktopPool.schema).field("required_assurance", .string).update()
    }

    func revert(on database: any Database) async throws {
        for name in ["sign_in_method", "assurance_level", "requested_level", "provider_session_id"] {
            try await database.schema(StaffSession.schema).deleteField(.string(name)).update()
        }
        try await database.schema(TriageRequest.schema).deleteField("identity_verified_by").update()
        try await database.schema(ConsultSettings.schema).deleteField("offers_nhs_login").update()
        try await database.schema(DesktopPool.schema).deleteField("required_assurance").update()
        for schema in [OIDCSigningKey.schema, PatientSignIn.schema, OIDCAttempt.schema, ExternalIdentity.schema] {
            try await database.schema(schema).delete()
        }
    }
}
