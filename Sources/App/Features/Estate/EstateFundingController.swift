import Domain
import Fluent
import Foundation
import Plot
import Vapor

/// Funding pots with spend against allocation, the commissioner's delegated limit and a practice's readiness target.
enum EstateFundingController {
    @Sendable static func show(req: Request) async throws -> HTML {
        let staff = try req.staff
        try staff.require(.viewEstate)
        return try await page(req: req, staff: staff, errors: [])
    }

    struct PotForm: Content {
        var name: String
        var allocation: String
    }

    @Sendable static func addPot(req: Request) async throws -> Response {
        let staff = try req.staff
        try staff.require(.approveFunding)
        let form = try req.content.decode(PotForm.self)
        var errors: [FormError] = []
        let name = form.name.trimmingCharacters(in: .whitespaces)
        if name.isEmpty { errors.append(.init(field: "name", message: "Name the pot, such as \"Remote working 2026/27\".")) }
        let pence = EstateMoney.pence(form.allocation)
        if pence == nil { errors.append(.init(field: "allocation", message: "Enter the allocation in pounds, such as 25000.")) }
        guard errors.isEmpty, let pence else {
            return try await page(req: req, staff: staff, errors: errors).encodeResponse(status: .unprocessableEntity, for: req)
        }
        let pot = EstateFundingPot(ownerID: try staff.actingOrganisation.requireID(), name: name, allocation: pence)
        try await req.db.writeTransaction { tx in
            try await pot.create(on: tx)
            try await req.audit(
                .estateFundingChanged, recordType: "estate_funding_pot", recordID: pot.id?.uuidString, detail: "created \(name)", within: tx)
        }
        return req.redirect(to: SiteURL.estateFunding.path, redirectType: .normal)
    }

    struct SettingsForm: Content {
        var readinessTarget: String?
        var delegatedLimit: String?
    }

    @Sendable static func saveSettings(req: Request) async throws -> Response {
        let staff = try req.staff
        try staff.require(.manageEstate)
        let form = try req.content.decode(SettingsForm.self)
        var errors: [FormError] = []
        var target: Int?
        if let text = form.readinessTarget, !text.isEmpty {
            do { target = try ReadinessTarget(percent: Int(text) ?? -1).percent } catch {
                errors.append(.init(field: "readinessTarget", message: error.description))
            }
        }
        var limit: Int?
        if let text = form.delegatedLimit, !text.isEmpty {
            if !staff.can(.approveFunding) {
                errors.append(.init(field: "delegatedLimit", message: "Only a commissioner's IT lead sets the delegated limit."))
            } else if let pence = EstateMoney.pence(text) {
                limit = pence
            } else {
                errors.append(.init(field: "delegatedLimit", message: "Enter the limit in pounds, such as 5000."))
            }
        }
        guard errors.isEmpty else {
            return try await page(req: req, staff: staff, errors: errors).encodeResponse(status: .unprocessableEntity, for: req)
        }
        let organisationID = try staff.actingOrganisation.requireID()
        let newTarget = target
        let newLimit = limit
        try await req.db.writeTransaction { tx in
            let settings =
                try await EstateSettings.query(on: tx).filter(\.$organisationID == organisationID).first()
                ?? EstateSettings(organisationID: organisationID)
            if let newTarget { settings.readinessTarget = newTarget }
            if let newLimit { settings.delegatedLimit = newLimit }
            try await settings.save(on: tx)
            try await req.audit(
                .estateFundingChanged, recordType: "estate_settings", recordID: organisationID.uuidString, detail: "settings saved", within: tx)
        }
        return req.redirect(to: SiteURL.estateFunding.path, redirectType: .normal)
    }

    /// The page: load it, render it.
    private static func page(req: Request, staff: StaffContext, errors: [FormError]) async throws -> HTML {
        let model = try await EstateFundingShow.Model.load(for: staff, errors: errors, on: req.db)
        return EstateFundingShow.View(model: model, chrome: req.pageChrome).html
    }
}
