@testable import App
import Domain
import Foundation

/// Fixed kit for snapshot tests of the estate pages: every id and date is constant.
enum EstateFixtures {
    /// An asset of the fixture practice, in `person`'s name or in stock.
    static func asset(
        id: String, tag: String, kind: AssetKind, make: String, model: String, state: AssetState = .inUse, person: UUID? = nil,
        personal: Bool = false
    ) -> EstateAsset {
        let asset = EstateAsset()
        asset.id = UUID(uuidString: id)!
        asset.tag = tag
        asset.serial = "SN-\(tag)"
        asset.kind = kind
        asset.make = make
        asset.model = model
        asset.funder = .practice
        asset.state = state
        asset.encryption = .encrypted
        asset.personal = personal
        asset.ownerID = SnapshotFixtures.practice.id!
        asset.personID = person
        return asset
    }

    /// A line of a request, delivered and not yet accepted.
    static func line(id: String, request: String, kind: AssetKind, person: UUID?) -> EstateRequestLine {
        let line = EstateRequestLine(
            requestID: UUID(uuidString: request)!, position: 1,
            line: DraftLine(kind: kind, quantity: 1, personID: person, unitCost: kind.typicalUnitCost))
        line.id = UUID(uuidString: id)!
        return line
    }
}
