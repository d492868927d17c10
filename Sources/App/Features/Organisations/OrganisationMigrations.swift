import Fluent

/// 001: organisations keyed by ODS code.
struct M001CreateOrganisations: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Organisation.schema)
            .id()
            .field("ods_code", .string, .required)
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .field("address", .string)
            .field("postcode", .string)
            .field("telephone", .string)
            .field("status", .string, .required)
            .field("opened_on", .string)
            .field("closed_on", .string)
            .field("parent_id", .uuid, .references(Organisation.schema, .id))
            .field("pcn_id", .uuid, .references(Organisation.schema, .id))
            .field("updated_at", .datetime)
            .unique(on: "ods_code")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Organisation.schema).delete()
    }
}

/// 002: hubs and out-of-hours services working for practices.
struct M002CreateSharingAgreements: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(SharingAgreement.schema)
            .id()
            .field("provider_id", .uuid, .required, .references(Organisation.schema, .id))
            .field("practice_id", .uuid, .required, .references(Organisation.schema, .id))
            .field("starts_on", .string, .required)
            .field("ends_on", .string)
            .field("purpose", .string, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(SharingAgreement.schema).delete()
    }
}
