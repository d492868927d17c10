import Domain
import Fluent
import Foundation
import Vapor

/// The monthly activity figures: a practice's own, or a commissioner's practices side by side.
enum ActivityShow {
    /// The page's query: the month ("2026-11", last month if none) and, for a commissioner, one practice's ODS code.
    struct Query: Content, Sendable {
        var month: String?
        var org: String?
    }

    struct Model: Sendable {
        var month: ActivityMonth
        /// The acting organisation.
        var acting: Organisation
        /// One line for a practice or a chosen practice; one per practice in scope for a commissioner.
        var lines: [ActivityReport.Line]
        /// Whether the lines are practices side by side (a commissioner's view) rather than one practice's days.
        var sideBySide: Bool
        /// The ODS code chosen, if any, kept in the month links and the download.
        var chosen: String?

        /// Checks the person may see activity figures, then reads the month for the practices in their scope: the
        /// acting practice, or every practice a commissioner looks after (or the one named by `org`, if in scope).
        static func load(_ query: Query, for staff: StaffContext, on db: any Database, now: Date = Date()) async throws -> Model {
            try staff.require(.viewActivity)
            let month = try ActivityShow.month(query.month, now: now)
            let visible = try await OrganisationScope.visibleIDs(
                from: staff.actingOrganisation, on: db, today: staff.today, partners: false)
            var practices = try await ActivityReport.practices(visible: visible, on: db)
            var chosen: String?
            if let code = query.org?.trimmingCharacters(in: .whitespaces).uppercased(), !code.isEmpty {
                practices = practices.filter { $0.odsCode == code }
                guard !practices.isEmpty else { throw Abort(.notFound, reason: "There is no practice \(code) among those you can see.") }
                chosen = code
            }
            let lines = try await ActivityReport.load(practices, month: month, on: db)
            let isPractice = [.practice, .branch].contains(staff.actingOrganisation.kind)
            return Model(
                month: month, acting: staff.actingOrganisation, lines: lines, sideBySide: chosen == nil && !isPractice, chosen: chosen)
        }

        /// The ODS codes of the lines, for the audit trail.
        var codes: String { lines.map(\.practice.odsCode).joined(separator: " ") }
    }

    /// The month asked for, or last month; a month that is not "yyyy-mm" is bad input.
    static func month(_ text: String?, now: Date) throws -> ActivityMonth {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return ActivityMonth(CalendarDay(now)).previous }
        guard let month = ActivityMonth(text) else {
            throw ValidationProblem(errors: [FormError(field: "month", message: "Give the month as year and month, such as 2026-11.")])
        }
        return month
    }
}
