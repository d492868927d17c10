import Fluent
import SQLKit

/// 014: the digital estate: assets and their history, requests through the approval chain, funding pots, imports.
struct M014CreateEstate: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(EstateAsset.schema)
            .id()
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .field("tag", .string, .required)
            .field("serial", .string, .required)
            .field("kind", .string, .required)
            .field("make", .string, .required)
            .field("model", .string, .required)
            .field("funder", .string, .required)
            .field("location", .string)
            .field("state", .string, .required)
            .field("encryption", .string, .required)
            .field("operating_system", .string)
            .field("os_end_of_support", .string)
            .field("last_seen", .string)
            .field("personal", .bool, .required)
            .field("certificate", .string)
            .field("return_due_since", .datetime)
            .field("owner_id", .uuid, .required, .references(Organisation.schema, .id))
            .field("person_id", .uuid, .references(Person.schema, .id))
            .field("request_line_id", .uuid)
            .unique(on: "tag")
            .create()
        try await database.schema(EstateAssetChange.schema)
            .id()
            .field("asset_id", .uuid, .required, .references(EstateAsset.schema, .id, onDelete: .cascade))
            .field("at", .datetime, .required)
            .field("by_id", .uuid, .references(Person.schema, .id))
            .field("source", .string, .required)
            .field("summary", .string, .required)
            .create()
        try await database.schema(EstateFundingPot.schema)
            .id()
            .field("owner_id", .uuid, .required, .references(Organisation.schema, .id))
            .field("name", .string, .required)
            .field("allocation", .int64, .required)
            .field("drawn_down", .int64, .required)
            .field("turn", .int64, .required)
            .constraint(
                .constraint(.custom(SQLRaw("CHECK (drawn_down >= 0 AND drawn_down <= allocation)")), name: "estate_pot_within_allocation")
            )
            .create()
        try await database.schema(EstateRequest.schema)
            .id()
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .field("kind", .string, .required)
            .field("status", .string, .required)
            .field("justification", .string, .required)
            .field("cost", .int64, .required)
            .field("delegated_limit", .int64)
            .field("raised_by_manager", .bool, .required)
            .field("tracking", .string)
            .field("turn", .int64, .required)
            .field("organisation_id", .uuid, .required, .references(Organisation.schema, .id))
            .field("requester_id", .uuid, .required, .references(Person.schema, .id))
            .field("pot_id", .uuid, .references(EstateFundingPot.schema, .id))
            .create()
        try await database.schema(EstateRequestLine.schema)
            .id()
            .field("request_id", .uuid, .required, .references(EstateRequest.schema, .id, onDelete: .cascade))
            .field("position", .int, .required)
            .field("kind", .string, .required)
            .field("quantity", .int, .required)
            .field("unit_cost", .int64, .required)
            .field("person_id", .uuid, .references(Person.schema, .id))
            .field("asset_id", .uuid, .references(EstateAsset.schema, .id))
            .field("accepted_at", .datetime)
            .create()
        try await database.schema(EstateRequestEvent.schema)
            .id()
            .field("request_id", .uuid, .required, .references(EstateRequest.schema, .id, onDelete: .cascade))
            .field("at", .datetime, .required)
            .field("by_id", .uuid, .required, .references(Person.schema, .id))
            .field("status", .string, .required)
            .field("step", .string)
            .field("verdict", .string)
            .field("note", .string)
            .create()
        try await database.schema(EstateSettings.schema)
            .id()
            .field("organisation_id", .uuid, .required, .references(Organisation.schema, .id))
            .field("readiness_target", .int)
            .field("delegated_limit", .int64)
            .unique(on: "organisation_id")
            .create()
        try await database.schema(EstateProfile.schema)
            .id()
            .field("organisation_id", .uuid, .required, .references(Organisation.schema, .id))
            .field("role", .string, .required)
            .field("needs", .string, .required)
            .unique(on: "organisation_id", "role")
            .create()
        try await database.schema(EstateNotice.schema)
            .id()
            .field("person_id", .uuid, .required, .references(Person.schema, .id))
            .field("at", .datetime, .required)
            .field("text", .string, .required)
            .field("request_id", .uuid, .references(EstateRequest.schema, .id, onDelete: .cascade))
            .create()
        try await database.schema(EstateImport.schema)
            .id()
            .field("created_at", .datetime, .required)
            .field("by_id", .uuid, .required, .references(Person.schema, .id))
            .field("organisation_id", .uuid, .required, .references(Organisation.schema, .id))
            .field("file_name", .string, .required)
            .field("status", .string, .required)
            .field("total_rows", .int, .required)
            .field("processed_rows", .int, .required)
            .field("created_count", .int, .required)
            .field("updated_count", .int, .required)
            .field("unchanged_count", .int, .required)
            .field("error_count", .int, .required)
            .field("finished_at", .datetime)
            .field("failure", .string)
            .create()
        try await database.schema(EstateImportRejectedLine.schema)
            .id()
            .field("import_id", .uuid, .required, .references(EstateImport.schema, .id, onDelete: .cascade))
            .field("line", .int, .required)
            .field("message", .string, .required)
            .create()
        try await createIndexes(on: database)
    }

    /// The lists and roll-ups read by organisation, by person and by request; readiness walks the commissioning line.
    private func createIndexes(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        let indexes: [(name: String, table: String, columns: [String])] = [
            ("estate_assets_owner_tag", EstateAsset.schema, ["owner_id", "tag"]),
            ("estate_assets_person_state", EstateAsset.schema, ["person_id", "state"]),
            ("estate_asset_changes_asset", EstateAssetChange.schema, ["asset_id", "at"]),
            ("estate_requests_organisation", EstateRequest.schema, ["organisation_id", "status"]),
            ("estate_request_lines_request", EstateRequestLine.schema, ["request_id", "position"]),
            ("estate_request_events_request", EstateRequestEvent.schema, ["request_id", "at"]),
            ("estate_notices_person", EstateNotice.schema, ["person_id", "at"]),
            ("estate_import_errors_import", EstateImportRejectedLine.schema, ["import_id", "line"]),
            ("engagements_organisation", Engagement.schema, ["organisation_id"]),
            ("engagements_person", Engagement.schema, ["person_id"]),
            ("organisations_parent", Organisation.schema, ["parent_id"]),
        ]
        for index in indexes {
            var builder = sql.create(index: index.name).on(index.table)
            for column in index.columns { builder = builder.column(column) }
            try await builder.run()
        }
    }

    func revert(on database: any Database) async throws {
        if let sql = database as? any SQLDatabase {
            for name in ["engagements_organisation", "engagements_person", "organisations_parent"] {
                try await sql.drop(index: name).run()
            }
        }
        for schema in [
            EstateImportRejectedLine.schema, EstateImport.schema, EstateNotice.schema, EstateProfile.schema, EstateSettings.schema,
            EstateRequestEvent.schema, EstateRequestLine.schema, EstateRequest.schema, EstateFundingPot.schema,
            EstateAssetChange.schema, EstateAsset.schema,
        ] {
            try await database.schema(schema).delete()
        }
    }
}
