import Domain
import Fluent
import Foundation

/// One asset with its history, and the form to move it along its lifecycle.
enum EstateAssetShow {
    /// What the page shows: the asset, its owner, its changes newest first, and who it can be given to.
    struct Model: Sendable {
        var asset: EstateAsset
        var ownerName: String
        /// At most 200 changes, newest first.
        var changes: [EstateAssetChange]
        /// The names of the asset's person and of those who changed it.
        var names: [UUID: String]
        /// The staff of the owning organisation, for the form's "Person" choices.
        var staffThere: [Person]
        /// Whether the person may change the asset.
        var mayChange: Bool
        var errors: [FormError]

        /// A person's name, or a dash.
        func name(_ id: UUID?) -> String { id.flatMap { names[$0] } ?? "—" }

        /// Checks the person may see the estate and the asset is in their scope, then finds its history.
        static func load(_ id: UUID, for staff: StaffContext, errors: [FormError], on db: any Database) async throws -> Model {
            try staff.require(.viewEstate)
            let scope = try await EstateScope.load(for: staff, on: db)
            return try await load(checked: try await scope.asset(id, on: db), for: staff, errors: errors, on: db)
        }

        /// The page of an asset already found in the person's scope (a change to it that failed shows it as it was
        /// typed).
        static func load(checked asset: EstateAsset, for staff: StaffContext, errors: [FormError], on db: any Database) async throws
            -> Model
        {
            let id = try asset.requireID()
            let changes = try await EstateAssetChange.query(on: db).filter(\.$assetID == id).sort(\.$at, .descending).limit(200).all()
            let people = try await Person.query(on: db).filter(
                \.$id ~~ Set(changes.compactMap(\.byID) + [asset.personID].compactMap { $0 })
            )
            .all()
            let names = Dictionary(people.compactMap { person in person.id.map { ($0, person.name) } }, uniquingKeysWith: { a, _ in a })
            let owner = try await Organisation.find(asset.ownerID, on: db)
            let staffThere = try await owner.asyncMap { try await EstateRequestForm.staff(at: $0, on: db, today: staff.today) } ?? []
            return Model(
                asset: asset, ownerName: owner?.name ?? "", changes: changes, names: names, staffThere: staffThere,
                mayChange: staff.can(.manageEstate), errors: errors)
        }
    }
}
