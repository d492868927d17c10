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

    private static func page(req: Request, staff: StaffContext, errors: [FormError]) async throws -> HTML {
        let acting = staff.actingOrganisation
        let actingID = try acting.requireID()
        let owners = try await OrganisationScope.commissioningLine(from: actingID, on: req.db).compactMap(\.id)
        let pots = try await EstateFundingPot.query(on: req.db).filter(\.$ownerID ~~ owners).sort(\.$name).all()
        let settings = try await EstateSettings.query(on: req.db).filter(\.$organisationID == actingID).first()
        let limit = try await EstateRequestFlow.delegatedLimit(for: actingID, on: req.db)
        let isCommissioner = staff.can(.approveFunding) && [.subICB, .icb, .national].contains(acting.kind)
        let layout = Layout("Funding", section: .estate, request: req)
        return layout.render([
            .p(.a(.href(SiteURL.estate.path), .text("Digital estate"))),
            .h1(.text("Funding for kit")),
            .p(.text("Requests above \(EstateFormat.pounds(limit)) also need national approval.")),
            .h2(.text("Spend against allocation")),
            EstateBarChart(
                id: "spend", title: "Drawn down (blue) against allocation (grey) for each pot",
                bars: pots.map {
                    .init(
                        label: $0.name, value: $0.drawnDown, total: $0.allocation,
                        text: "\(EstateFormat.pounds($0.drawnDown)) of \(EstateFormat.pounds($0.allocation))")
                },
                scale: max(pots.map(\.allocation).max() ?? 1, 1), target: nil, targetLabel: nil
            ).node,
            .div(
                .class("table-wrap"),
                .table(
                    .class("table"), .id("pots"), .caption(.text("Funding pots")),
                    .thead(.tr(.th(.text("Pot")), .th(.text("Allocation")), .th(.text("Drawn down")), .th(.text("Left")))),
                    .tbody(
                        .forEach(pots) { pot in
                            .tr(
                                .td(.text(pot.name)), .td(.text(EstateFormat.pounds(pot.allocation))),
                                .td(.text(EstateFormat.pounds(pot.drawnDown))),
                                .td(.text(EstateFormat.pounds(pot.allocation - pot.drawnDown))))
                        })
                )),
            Components.errorSummary(errors),
            .if(
                isCommissioner,
                .group(
                    .h2(.text("Add a funding pot")),
                    .form(
                        .action(SiteURL.estateFundingPots.path), .method(.post), Components.csrfField(layout.csrf),
                        Components.field("name", label: "Name", errors: errors),
                        Components.field("allocation", label: "Allocation (£)", errors: errors),
                        .button(.type(.submit), .class("button"), .text("Add the pot"))
                    ))),
            .if(
                staff.can(.manageEstate),
                .group(
                    .h2(.text("Settings")),
                    .form(
                        .action(SiteURL.estateFundingSettings.path), .method(.post), Components.csrfField(layout.csrf),
                        Components.field(
                            "readinessTarget", label: "Readiness target (%)", value: settings?.readinessTarget.map(String.init) ?? "",
                            hint: "The share of staff who should be ready to work remotely; \(ReadinessTarget.standard)% when blank",
                            errors: errors),
                        .if(
                            isCommissioner,
                            Components.field(
                                "delegatedLimit", label: "Delegated limit (£)",
                                value: settings?.delegatedLimit.map { String($0 / 100) } ?? "",
                                hint: "Requests costing more also need national approval", errors: errors)),
                        .button(.type(.submit), .class("button"), .text("Save settings"))
                    ))),
        ])
    }
}
