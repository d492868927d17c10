import Fluent

/// 032: the alerts sent to duty clinicians, one per request and reason (the unique key keeps a second instance from
/// alerting twice).
struct M032CreateDutyAlerts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(DutyAlert.schema)
            .id()
            .field("request_id", .uuid, .required, .references(TriageRequest.schema, "id", onDelete: .cascade))
            .field("organisation_id", .uuid, .required)
            .field("reason", .string, .required)
            .field("alerted_at", .datetime, .required)
            .field("clinician_id", .uuid)
            .field("recipient", .string)
            .field("email_status", .string, .required)
            .field("transport", .string)
            .field("transport_id", .string)
            .field("body", .string, .required)
            .unique(on: "request_id", "reason")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(DutyAlert.schema).delete()
    }
}
