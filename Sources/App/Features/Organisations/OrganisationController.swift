import Domain
import Fluent
import Foundation
import Plot
import Vapor

/// Organisations the person's acting organisation may see, and one organisation's details.
enum OrganisationController {
    @Sendable static func index(req: Request) async throws -> HTML {
        let query = try req.query.decode(OrganisationList.Query.self)
        let model = try await OrganisationList.Model.load(query, for: try req.staff, on: req.db)
        return OrganisationList.View(model: model, chrome: req.pageChrome).html
    }

    @Sendable static func show(req: Request) async throws -> HTML {
        let model = try await OrganisationShow.Model.load(code: try req.parameter(.odsCode), for: try req.staff, on: req.db)
        try await req.audit(.organisationViewed, recordType: "organisation", recordID: model.organisation.odsCode)
        return OrganisationShow.View(model: model, chrome: req.pageChrome).html
    }
}

extension Optional {
    /// Maps the wrapped value with an async closure.
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        switch self {
        case .some(let value): try await transform(value)
        case .none: nil
        }
    }
}
