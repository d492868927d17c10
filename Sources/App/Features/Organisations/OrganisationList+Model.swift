import Domain
import Fluent
import Foundation

/// The organisations the acting organisation may see, searched by name or ODS code, 50 a page.
enum OrganisationList {
    /// The search form, as typed.
    struct Query: Codable, Sendable {
        var q: String?
        var page: Int?
    }

    /// Organisations a page shows.
    static let pageSize = 50

    /// What the page shows: one page of the matching organisations, how many match in all, the search as trimmed.
    struct Model: Sendable {
        var organisations: [Organisation]
        var total: Int
        /// From 1.
        var page: Int
        var search: String

        /// Checks the person may see organisations, then finds one page of those visible from the acting organisation.
        static func load(_ query: Query, for staff: StaffContext, on db: any Database) async throws -> Model {
            try staff.require(.viewOrganisations)
            let page = max(1, query.page ?? 1)
            var builder = Organisation.query(on: db)
            if let visible = try await OrganisationScope.visibleIDs(from: staff.actingOrganisation, on: db, today: staff.today) {
                builder = builder.filter(\.$id ~~ Array(visible))
            }
            let search = (query.q ?? "").trimmingCharacters(in: .whitespaces)
            if !search.isEmpty {
                builder = builder.group(.or) {
                    $0.filter(\.$name, .custom("LIKE"), "%\(search)%").filter(\.$odsCode == search.uppercased())
                }
            }
            let total = try await builder.count()
            let size = OrganisationList.pageSize
            let organisations = try await builder.sort(\.$name).range(((page - 1) * size)..<(page * size)).all()
            return Model(organisations: organisations, total: total, page: page, search: search)
        }
    }
}
