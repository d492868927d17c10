import Domain
import Fluent
import Foundation

/// The demo outbox: every message the outbox transport "sent" for the acting organisation, links working.
enum Outbox {
    struct Model: Sendable {
        /// Newest first, at most 200.
        var messages: [PatientMessage]
        /// Duty alert emails to staff that went through the outbox, newest first, at most 50.
        var staffEmails: [DutyAlert] = []

        /// Checks the person may triage, then finds the acting organisation's messages that went through the outbox.
        static func load(for staff: StaffContext, on db: any Database) async throws -> Model {
            try staff.require(.triageRequests)
            let messages = try await PatientMessage.query(on: db).filter(\.$organisationID == staff.actingOrganisation.requireID())
                .filter(\.$transport == "outbox").sort(\.$createdAt, .descending).limit(200).all()
            let emails = try await DutyAlert.query(on: db).filter(\.$organisationID == staff.actingOrganisation.requireID())
                .filter(\.$transport == "outbox").sort(\.$alertedAt, .descending).limit(50).all()
            return Model(messages: messages, staffEmails: emails)
        }
    }
}
