import Domain
import Fluent
import Foundation
import Vapor

/// A token for a system calling the JSON API on behalf of one organisation. Stored hashed. It works until it expires,
/// is revoked, or its maker has no active engagement left at its organisation; and only in its scope (read only or
/// read and write, in the areas ticked when it was made).
final class APIToken: Model, @unchecked Sendable {
    static let schema = "api_tokens"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Field(key: "created_at") var createdAt: Date

    // data fields
    @Field(key: "name") var name: String
    @Field(key: "token_digest") var tokenDigest: String
    @OptionalField(key: "last_used_at") var lastUsedAt: Date?
    @OptionalField(key: "revoked_at") var revokedAt: Date?
    /// `APITokenAccess`'s raw value.
    @Field(key: "access") var access: String
    /// The areas of the API the token may use, comma-separated (`APITokenScope.storedAreas`).
    @Field(key: "areas") var areas: String
    @Field(key: "expires_at") var expiresAt: Date

    // relationships
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "created_by_id") var createdBy: Person

    init() {}

    init(name: String, tokenDigest: String, organisationID: UUID, createdByID: UUID, scope: APITokenScope, expiresAt: Date, now: Date) {
        self.name = name
        self.tokenDigest = tokenDigest
        self.$organisation.id = organisationID
        self.$createdBy.id = createdByID
        self.access = scope.access.rawValue
        self.areas = scope.storedAreas
        self.expiresAt = expiresAt
        self.createdAt = now
    }

    /// The prefix that marks a Surgery Anywhere API token, so that a leaked one is easy to recognise.
    static let prefix = "sa_"

    /// What the token may do; nil (refused everywhere) if the stored columns make no sense.
    var scope: APITokenScope? { APITokenScope(storedAccess: access, storedAreas: areas) }

    var expiry: APITokenExpiry { APITokenExpiry(expiresAt) }
}

/// 009: API tokens.
struct M009CreateAPITokens: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(APIToken.schema)
            .id()
            .field("organisation_id", .uuid, .required, .references(Organisation.schema, .id))
            .field("created_by_id", .uuid, .required, .references(Person.schema, .id))
            .field("name", .string, .required)
            .field("token_digest", .string, .required)
            .field("created_at", .datetime, .required)
            .field("last_used_at", .datetime)
            .field("revoked_at", .datetime)
            .unique(on: "token_digest")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(APIToken.schema).delete()
    }
}
