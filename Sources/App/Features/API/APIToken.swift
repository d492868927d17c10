import Domain
import Fluent
import Foundation
import Vapor

/// A token for a system calling the JSON API on behalf of one organisation. Stored hashed.
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

    // relationships
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "created_by_id") var createdBy: Person

    init() {}

    init(name: String, tokenDigest: String, organisationID: UUID, createdByID: UUID, now: Date) {
        self.name = name
        self.tokenDigest = tokenDigest
        self.$organisation.id = organisationID
        self.$createdBy.id = createdByID
        self.createdAt = now
    }

    /// The prefix that marks a Surgery Anywhere API token, so that a leaked one is easy to recognise.
    static let prefix = "sa_"
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

/// Accepts `Authorization: Bearer sa_…`; everything under /api/v1 answers only to a live token.
struct APITokenMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let bearer = request.headers.bearerAuthorization?.token, bearer.hasPrefix(APIToken.prefix) else {
            throw Abort(.unauthorized, headers: ["WWW-Authenticate": "Bearer"], reason: "Send an API token in the Authorization header: Bearer sa_…")
        }
        guard let token = try await APIToken.query(on: request.db)
            .filter(\.$tokenDigest == SecretToken.digest(bearer)).filter(\.$revokedAt == nil)
            .with(\.$organisation).first()
        else {
            throw Abort(.unauthorized, headers: ["WWW-Authenticate": "Bearer"], reason: "This API token is not known or has been revoked.")
        }
        let now = Date()
        if token.lastUsedAt.map({ now.timeIntervalSince($0) > 60 }) ?? true {
            token.lastUsedAt = now
            try await token.save(on: request.db)
        }
        request.apiToken = token
        return try await next.respond(to: request)
    }
}

extension Request {
    private struct APITokenKey: StorageKey { typealias Value = APIToken }

    /// The token this API request came with.
    var apiToken: APIToken? {
        get { storage[APITokenKey.self] }
        set { storage[APITokenKey.self] = newValue }
    }

    func requireAPIToken() throws -> APIToken {
        guard let token = apiToken else { throw Abort(.unauthorized) }
        return token
    }
}
