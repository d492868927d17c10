import Fluent

/// 003: staff accounts.
struct M003CreatePeople: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Person.schema)
            .id()
            .field("name", .string, .required)
            .field("email", .string, .required)
            .field("password_hash", .string)
            .field("totp_secret", .string)
            .field("pending_totp_secret", .string)
            .field("totp_last_counter", .int64)
            .field("failed_attempts", .int, .required)
            .field("locked_until", .datetime)
            .field("created_at", .datetime)
            .unique(on: "email")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Person.schema).delete()
    }
}

/// 004: dated engagements of people with organisations.
struct M004CreateEngagements: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Engagement.schema)
            .id()
            .field("person_id", .uuid, .required, .references(Person.schema, .id))
            .field("organisation_id", .uuid, .required, .references(Organisation.schema, .id))
            .field("role", .string, .required)
            .field("kind", .string, .required)
            .field("starts_on", .string, .required)
            .field("ends_on", .string)
            .field("created_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Engagement.schema).delete()
    }
}

/// 005: signed-in browsers.
struct M005CreateStaffSessions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(StaffSession.schema)
            .id()
            .field("person_id", .uuid, .required, .references(Person.schema, .id, onDelete: .cascade))
            .field("token_digest", .string, .required)
            .field("created_at", .datetime, .required)
            .field("last_seen_at", .datetime, .required)
            .field("second_factor_at", .datetime)
            .field("acting_organisation_id", .uuid)
            .field("source_address", .string)
            .unique(on: "token_digest")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(StaffSession.schema).delete()
    }
}

/// 006: one-time recovery codes.
struct M006CreateRecoveryCodes: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(RecoveryCode.schema)
            .id()
            .field("person_id", .uuid, .required, .references(Person.schema, .id, onDelete: .cascade))
            .field("code_digest", .string, .required)
            .field("used_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(RecoveryCode.schema).delete()
    }
}

/// 007: staff invitations.
struct M007CreateInvitations: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Invitation.schema)
            .id()
            .field("token_digest", .string, .required)
            .field("organisation_id", .uuid, .required, .references(Organisation.schema, .id))
            .field("invited_by_id", .uuid, .required, .references(Person.schema, .id))
            .field("email", .string, .required)
            .field("name", .string, .required)
            .field("role", .string, .required)
            .field("kind", .string, .required)
            .field("starts_on", .string, .required)
            .field("ends_on", .string)
            .field("created_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .field("accepted_at", .datetime)
            .unique(on: "token_digest")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Invitation.schema).delete()
    }
}

/// 016: a session remembers the digest of the form token issued with it.
struct M016BindFormTokensToSessions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(StaffSession.schema).field("csrf_digest", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(StaffSession.schema).deleteField("csrf_digest").update()
    }
}
