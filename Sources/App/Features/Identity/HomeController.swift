import Domain
import Fluent
import Foundation
import Plot
import Vapor

/// The home page and the organisation switcher.
enum HomeController {
    struct ActingForForm: Content {
        var organisation: String?
    }

    @Sendable static func show(req: Request) async throws -> HTML {
        let model = try await Home.Model.load(for: try req.staff, offersCIS2: req.application.identityProviders[.cis2] != nil, on: req.db)
        return Home.View(model: model, chrome: req.pageChrome).html
    }

    @Sendable static func switchActingFor(req: Request) async throws -> Response {
        let staff = try req.staff
        let code = (try req.content.decode(ActingForForm.self).organisation ?? "").uppercased()
        guard let target = staff.organisationsActingFor.first(where: { $0.odsCode == code }) else {
            throw Abort(.forbidden, reason: "You have no active engagement with that organisation today, so you cannot act for it.")
        }
        staff.session.actingOrganisationID = target.id
        try await req.db.writeTransaction { tx in
            try await staff.session.save(on: tx)
            try await req.audit(.actingForChanged, recordType: "organisation", recordID: target.odsCode, within: tx)
        }
        return req.redirect(to: SiteURL.home.path, redirectType: .normal)
    }
}
