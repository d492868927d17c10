import Domain
import Fluent
import Foundation

/// The API tokens page: the form that makes a token (name, read only or read and write, areas, lifetime), the token
/// just made (shown once), and every token of the organisation with its scope, expiry and status.
enum APITokens {
    /// One row of the table.
    struct Row: Sendable {
        var token: APIToken
        /// Whether the token's maker still has an active engagement at the organisation today.
        var makerEngaged: Bool
    }

    /// A token just made: its secret, shown once, and what it may do.
    struct Created: Sendable {
        var secret: String
        var scope: APITokenScope
        var expiry: APITokenExpiry
    }

    /// What the form shows before anything is typed: read only (the least a system can have), no area, 90 days.
    static let blankDraft = APITokenDraft(
        name: nil, access: APITokenAccess.readOnly.rawValue, areas: [], lifetimeDays: String(APITokenLifetime.defaultDays))

    /// What the page shows: the organisation's tokens, newest first, the form (blank, or as typed when refused), and
    /// the token just made.
    struct Model: Sendable {
        var organisationName: String
        var rows: [Row]
        var draft: APITokenDraft
        var errors: [FormError]
        var created: Created?
        /// When the page was made: a token past its expiry by then is expired.
        var now: Date

        /// Checks the person may manage API tokens, then finds the acting organisation's tokens and which of their
        /// makers are still engaged there today.
        static func load(
            for staff: StaffContext, draft: APITokenDraft = APITokens.blankDraft, errors: [FormError] = [], created: Created? = nil,
            now: Date, on db: any Database
        ) async throws -> Model {
            try staff.require(.manageAPITokens)
            let organisationID = try staff.actingOrganisation.requireID()
            let tokens = try await APIToken.query(on: db).filter(\.$organisation.$id == organisationID).sort(\.$createdAt, .descending)
                .all()
            let engagedMakers = Set(
                try await Engagement.query(on: db).filter(\.$organisation.$id == organisationID)
                    .filter(\.$person.$id ~~ Set(tokens.map(\.$createdBy.id))).all()
                    .filter { $0.isActive(on: staff.today) }.map(\.$person.id))
            return Model(
                organisationName: staff.actingOrganisation.name,
                rows: tokens.map { Row(token: $0, makerEngaged: engagedMakers.contains($0.$createdBy.id)) },
                draft: draft, errors: errors, created: created, now: now)
        }
    }
}
