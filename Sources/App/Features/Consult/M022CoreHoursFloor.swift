import Domain
import Fluent
import Foundation

/// 022: core hours are a floor and there is no cap. Adds the table of closures agreed with the ICB; rewrites each
/// practice's settings without the daily cap and the closed-days list, widened to core hours where they were shorter;
/// a closed working day still to come moves to the new table, marked as recorded before agreement was asked.
struct M022CoreHoursFloor: AsyncMigration {
    /// The settings as earlier versions stored them; only what is carried over is read.
    private struct EarlierCapacity: Decodable {
        var openingHours: OpeningHours
        var replyPromise: ReplyPromise
        var closedDays: Set<CalendarDay>?
    }

    static let agreedByBefore = "Not recorded: set before closures needed the ICB's agreement"

    func prepare(on database: any Database) async throws {
        try await database.schema(AgreedClosureRecord.schema)
            .id()
            .field("organisation_id", .uuid, .required, .references(Organisation.schema, .id, onDelete: .cascade))
            .field("day", .string, .required)
            .field("reason", .string, .required)
            .field("agreed_by", .string, .required)
            .field("recorded_by_id", .uuid)
            .field("recorded_at", .datetime)
            .unique(on: "organisation_id", "day")
            .create()
        let today = CalendarDay(Date())
        // only the columns this migration knows: later migrations add more to the model
        let rows = try await ConsultSettings.query(on: database).field(\.$id).field(\.$capacity).field(\.$organisationID).all()
        for settings in rows {
            let earlier = try JSONDecoder().decode(EarlierCapacity.self, from: Data(settings.capacity.utf8))
            let capacity = PracticeCapacity(openingHours: CoreHours.widened(earlier.openingHours), replyPromise: earlier.replyPromise)
            try settings.use(capacity)
            try await ConsultSettings.query(on: database).filter(\.$id == settings.requireID()).set(\.$capacity, to: settings.capacity).update()
            let carried = (earlier.closedDays ?? []).filter { $0 >= today && CoreHours.isWorkingDay($0, bankHolidays: EnglandBankHolidays()) }
            for day in carried.sorted() {
                let closure = AgreedClosure(day: day, reason: "Closed day from the earlier settings", agreedBy: Self.agreedByBefore)
                try await AgreedClosureRecord(organisationID: settings.organisationID, closure: closure, recordedByID: nil).create(on: database)
            }
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AgreedClosureRecord.schema).delete()
    }
}
