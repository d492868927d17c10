import Domain
import Fluent
import Foundation
import Plot
import Vapor

/// The duty alerts page of the acting organisation; viewing it is audited (it lists request references).
enum DutyAlertsController {
    @Sendable static func index(req: Request) async throws -> HTML {
        let staff = try req.staff
        let model = try await DutyAlerts.Model.load(for: staff, now: req.application.now(), on: req.db)
        try await req.auditListViewed("duty alerts", recordType: "triage_request", shown: model.alerts.map(\.reference))
        return DutyAlerts.View(model: model, chrome: req.pageChrome).html
    }
}
