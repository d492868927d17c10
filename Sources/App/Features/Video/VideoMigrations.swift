import Fluent
import SQLKit

/// 013: video consultations and the links patients and guests join them by.
struct M013CreateVideoConsultations: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(VideoConsultation.schema)
            .id()
            .field("created_at", .datetime, .required)
            .field("patient_name", .string, .required)
            .field("slot_at", .datetime, .required)
            .field("state", .string, .required)
            .field("outcome", .string)
            .field("arrived_at", .datetime)
            .field("running_late", .string)
            .field("phone_number", .string)
            .field("invite_channel", .string)
            .field("invite_recipient", .string)
            .field("invite_status", .string)
            .field("organisation_id", .uuid, .required, .references(Organisation.schema, .id))
            .field("clinician_id", .uuid, .required, .references(Person.schema, .id))
            .field("request_id", .uuid, .references(TriageRequest.schema, .id))
            .field("booked_by_id", .uuid, .required, .references(Person.schema, .id))
            .create()
        // the waiting room reads a clinician's consultations of the day on every arrival
        if let sql = database as? any SQLDatabase {
            try await sql.create(index: "video_consultations_clinician_slot").on(VideoConsultation.schema)
                .column("clinician_id").column("slot_at").run()
        }
        try await database.schema(VideoLink.schema)
            .id()
            .field("consultation_id", .uuid, .required, .references(VideoConsultation.schema, .id, onDelete: .cascade))
            .field("token_digest", .string, .required)
            .field("participant", .string, .required)
            .field("label", .string)
            .field("created_at", .datetime, .required)
            .unique(on: "token_digest")
            .unique(on: "consultation_id", "participant")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(VideoLink.schema).delete()
        try await database.schema(VideoConsultation.schema).delete()
    }
}
