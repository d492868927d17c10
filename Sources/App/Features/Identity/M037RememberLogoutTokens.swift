import Fluent

/// 037: back-channel logout tokens already acted on, so that one sent again is refused.
struct M037RememberLogoutTokens: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(OIDCLogoutToken.schema)
            .id()
            .field("issuer", .string, .required)
            .field("jti", .string, .required)
            .field("forget_after", .datetime, .required)
            .unique(on: "issuer", "jti")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(OIDCLogoutToken.schema).delete()
    }
}
