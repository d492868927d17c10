import Domain
import Fluent
import Foundation

/// The estate's assets in the person's scope, filtered and paged by tag, with a form to add one.
enum EstateAssets {
    /// Assets a page shows.
    static let pageSize = 50

    /// What the page shows: the filters, one page of assets with their organisations' and people's names, whether
    /// there are more, and the form to add an asset with its errors.
    struct Model: Sendable {
        var filters: EstateAssetQuery
        var assets: [EstateAsset]
        /// Whether more assets match after this page.
        var more: Bool
        var organisationNames: [UUID: String]
        var personNames: [UUID: String]
        /// Whether the person may add an asset here: they manage the estate of a practice.
        var mayAdd: Bool
        var form: EstateAssetForm
        var errors: [FormError]

        /// Checks the person may see the estate, then finds a page of the assets in their scope that match.
        static func load(
            _ filters: EstateAssetQuery, form: EstateAssetForm, errors: [FormError], for staff: StaffContext, on db: any Database
        ) async throws -> Model {
            try staff.require(.viewEstate)
            let scope = try await EstateScope.load(for: staff, on: db)
            let found = try await filters.build(scope: scope, on: db).limit(pageSize + 1).all()
            let page = Array(found.prefix(pageSize))
            let owners = try await EstateRequests.organisationNames(Set(page.map(\.ownerID)), on: db)
            let people = try await Person.query(on: db).filter(\.$id ~~ Set(page.compactMap(\.personID))).all()
            let names = Dictionary(people.compactMap { person in person.id.map { ($0, person.name) } }, uniquingKeysWith: { a, _ in a })
            return Model(
                filters: filters, assets: page, more: found.count > page.count, organisationNames: owners, personNames: names,
                mayAdd: staff.can(.manageEstate) && scope.isProvider, form: form, errors: errors)
        }
    }
}
