import Domain
import Fluent
import Foundation
import Plot
import Vapor

/// The demo outbox: load the acting organisation's messages, record that they were read, render them.
enum OutboxController {
    @Sendable static func index(req: Request) async throws -> HTML {
        let staff = try req.staff
        let model = try await Outbox.Model.load(for: staff, on: req.db)
        try await req.audit(.outboxViewed, recordType: "organisation", recordID: staff.actingOrganisation.odsCode)
        return Outbox.View(model: model, chrome: req.pageChrome).html
    }
}
