import Domain
import Fluent
import Foundation

/// The demo outbox: every message the outbox transport "sent" for the acting organisation, links working.
enum Outbox {
    struct Model: Sendable {
        /// Newest first, at most 200.
        var messages: [PatientMessage]

        /// Checks the person may triage, then finds the acting organisation's messages that went through the outbox.
        static func load(for staff: StaffContext, on db: any Database) async throws -> Model {
            try staff.require(.triageRequests)
            let messages = try await PatientMessage.query(on: db).filter(\.$organisationID == staff.actingOrganisation.requireID())
                .filter(\.$transport == "outbox").sort(\.$createdAt, .descending).limit(200).all()
            return Model(messages: messages)
        }
    }
}
