import Fluent
import FluentSQL
import SQLKit

/// 031: a practice names its duty clinician, how many minutes an urgent request may wait unclaimed (30 unless set),
/// and the out-of-hours provider that urgent requests sent while it is closed go to.
struct M031NameTheDutyClinician: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // one column at a time: SQLite adds one per ALTER TABLE
        try await database.schema(ConsultSettings.schema).field("duty_alert_minutes", .int, .required, .sql(.default(30))).update()
        try await database.schema(ConsultSettings.schema).field("duty_clinician_id", .uuid).update()
        try await database.schema(ConsultSettings.schema).field("out_of_hours_provider_id", .uuid).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ConsultSettings.schema).deleteField("out_of_hours_provider_id").update()
        try await database.schema(ConsultSettings.schema).deleteField("duty_clinician_id").update()
        try await database.schema(ConsultSettings.schema).deleteField("duty_alert_minutes").update()
    }
}
