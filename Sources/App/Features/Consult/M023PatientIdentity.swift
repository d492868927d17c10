import Fluent
import FluentSQL
import SQLKit

/// 023: who the patient is. Requests gain postcode and sex, when the mobile number was shown to be the patient's
/// (and by whom, when staff confirmed it by phone), and who confirmed the patient against the record; a table of the
/// codes texted to check a mobile number (hashed), and messages say when they are such a code; video consultations keep the patient's date of birth, and
/// the patient's video link counts wrong dates of birth like a reply link. Requests already stored stay unverified.
struct M023PatientIdentity: AsyncMigration {
    private static let requestColumns: [(String, DatabaseSchema.DataType)] = [
        ("postcode", .string), ("sex", .string), ("mobile_verified_at", .datetime), ("mobile_verified_by_id", .uuid),
        ("identity_confirmed_at", .datetime), ("identity_confirmed_by_id", .uuid),
    ]
    private static let linkColumns: [(String, DatabaseSchema.DataType)] = [
        ("locked_at", .datetime), ("unlock_digest", .string), ("unlocked_until", .datetime),
    ]

    func prepare(on database: any Database) async throws {
        // one column a statement: SQLite alters a table one column at a time
        for (name, type) in Self.requestColumns {
            try await database.schema(TriageRequest.schema).field(.string(name), type).update()
        }
        try await database.schema(MobileCheck.schema)
            .id()
            .field("request_id", .uuid, .required, .references(TriageRequest.schema, .id, onDelete: .cascade))
            .field("code_digest", .string, .required)
            .field("sent_at", .datetime, .required)
            .field("failed_attempts", .int, .required)
            .field("codes_sent", .int, .required)
            .unique(on: "request_id")
            .create()
        try await database.schema(PatientMessage.schema).field("purpose", .string).update()
        try await database.schema(VideoConsultation.schema).field("patient_date_of_birth", .string).update()
        try await database.schema(VideoLink.schema).field("failed_attempts", .int, .required, .sql(.default(0))).update()
        for (name, type) in Self.linkColumns {
            try await database.schema(VideoLink.schema).field(.string(name), type).update()
        }
        if let sql = database as? any SQLDatabase {
            // consultations booked from a request take its date of birth; those booked without one have none to ask
            try await sql.raw(
                """
                UPDATE video_consultations SET patient_date_of_birth = \
                (SELECT date_of_birth FROM triage_requests WHERE triage_requests.id = video_consultations.request_id) \
                WHERE request_id IS NOT NULL
                """
            ).run()
        }
    }

    func revert(on database: any Database) async throws {
        for (name, _) in Self.linkColumns.reversed() {
            try await database.schema(VideoLink.schema).deleteField(.string(name)).update()
        }
        try await database.schema(VideoLink.schema).deleteField("failed_attempts").update()
        try await database.schema(VideoConsultation.schema).deleteField("patient_date_of_birth").update()
        try await database.schema(PatientMessage.schema).deleteField("purpose").update()
        try await database.schema(MobileCheck.schema).delete()
        for (name, _) in Self.requestColumns.reversed() {
            try await database.schema(TriageRequest.schema).deleteField(.string(name)).update()
        }
    }
}
