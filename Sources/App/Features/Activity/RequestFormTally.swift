import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// What the request form saw at one practice on one UK day that no request row holds: how often the red-flag advice
/// was shown, and how many forms were refused (closed) or throttled. Counts only: no patient, no address.
final class RequestFormTally: Model, @unchecked Sendable {
    static let schema = "request_form_tallies"

    /// One thing the form counts, and its column.
    enum Event: String, Sendable, CaseIterable {
        case adviceShown = "advice_shown"
        case refused
        case throttled
    }

    // managed fields
    @ID(key: .id) var id: UUID?

    // data fields
    @Typed(key: "day") var day: CalendarDay
    @Field(key: "advice_shown") var adviceShown: Int
    @Field(key: "refused") var refused: Int
    @Field(key: "throttled") var throttled: Int

    // relationships
    @Field(key: "practice_id") var practiceID: UUID

    init() {}

    var tally: FormTally { FormTally(day: day, adviceShown: adviceShown, refused: refused, throttled: throttled) }

    /// Adds one to the practice's count of `event` for the UK day of `now`: one statement, so that two instances
    /// counting at once both count.
    static func count(_ event: Event, practiceID: UUID, now: Date = Date(), on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        let day = CalendarDay(now).storedText
        try await sql.raw(
            """
            INSERT INTO \(ident: schema) (id, practice_id, day, advice_shown, refused, throttled) \
            VALUES (\(bind: UUID()), \(bind: practiceID), \(bind: day), 0, 0, 0) \
            ON CONFLICT (practice_id, day) DO NOTHING
            """
        ).run()
        try await sql.raw(
            """
            UPDATE \(ident: schema) SET \(ident: event.rawValue) = \(ident: event.rawValue) + 1 WHERE practice_id = \(bind: practiceID) AND day = \(bind: day)
            """
        ).run()
    }
}

extension Request {
    /// Counts a form event for the activity figures; a failure to count is logged, never shown to the patient.
    func countFormEvent(_ event: RequestFormTally.Event, practice: Organisation) async {
        guard let id = practice.id else { return }
        do {
            try await RequestFormTally.count(event, practiceID: id, on: db)
        } catch {
            logger.warning("Form event not counted", metadata: ["event": "\(event.rawValue)", "error": "\(LoggedError(error))"])
        }
    }
}
