import Domain
import Fluent
import Foundation

/// One row of the append-only, hash-chained audit trail.
final class AuditEvent: Model, @unchecked Sendable {
    static let schema = "audit_events"

    // managed fields
    /// The position in the chain, from 1 with no gaps.
    @ID(custom: "sequence", generatedBy: .user) var id: Int64?

    // data fields
    @Field(key: "occurred_at_ms") var occurredAtMillis: Int64
    @OptionalField(key: "actor_id") var actorID: String?
    @OptionalField(key: "organisation_id") var organisationID: String?
    @Field(key: "action") var action: String
    @OptionalField(key: "record_type") var recordType: String?
    @OptionalField(key: "record_id") var recordID: String?
    @OptionalField(key: "source_address") var sourceAddress: String?
    @Field(key: "detail") var detail: String
    @Field(key: "previous_hash") var previousHash: String
    @Field(key: "hash") var hash: String

    init() {}

    init(content: AuditEntryContent, previousHash: String, hash: String) {
        self.id = content.sequence
        self.occurredAtMillis = content.occurredAtMillis
        self.actorID = content.actorID
        self.organisationID = content.organisationID
        self.action = content.action
        self.recordType = content.recordType
        self.recordID = content.recordID
        self.sourceAddress = content.sourceAddress
        self.detail = content.detail
        self.previousHash = previousHash
        self.hash = hash
    }

    var content: AuditEntryContent {
        AuditEntryContent(
            sequence: id ?? 0, occurredAtMillis: occurredAtMillis, actorID: actorID, organisationID: organisationID,
            action: action, recordType: recordType, recordID: recordID, sourceAddress: sourceAddress, detail: detail)
    }

    var occurredAt: Date { Date(timeIntervalSince1970: Double(occurredAtMillis) / 1000) }
}

/// 008: the audit trail.
struct M008CreateAuditEvents: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(AuditEvent.schema)
            .field("sequence", .int64, .identifier(auto: false))
            .field("occurred_at_ms", .int64, .required)
            .field("actor_id", .string)
            .field("organisation_id", .string)
            .field("action", .string, .required)
            .field("record_type", .string)
            .field("record_id", .string)
            .field("source_address", .string)
            .field("detail", .string, .required)
            .field("previous_hash", .string, .required)
            .field("hash", .string, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AuditEvent.schema).delete()
    }
}
