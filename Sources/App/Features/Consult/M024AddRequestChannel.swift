import Domain
import Fluent
import FluentSQL
import SQLKit

/// 024: who filled in each request (patient, proxy, staff on behalf), for the monthly activity figures. Every request
/// stored before then came through the patient's own form, so existing rows are "patient".
struct M024AddRequestChannel: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(TriageRequest.schema)
            .field("channel", .string, .required, .sql(.default(RequestChannel.patient.rawValue)))
            .update()
        // the activity figures read one practice's month at a time
        if let sql = database as? any SQLDatabase {
            try await sql.create(index: "triage_requests_practice_received").on(TriageRequest.schema)
                .column("practice_id").column("received_at").run()
        }
    }

    func revert(on database: any Database) async throws {
        if let sql = database as? any SQLDatabase {
            try await sql.drop(index: "triage_requests_practice_received").run()
        }
        try await database.schema(TriageRequest.schema).deleteField("channel").update()
    }
}
