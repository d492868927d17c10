import Domain
import Fluent
import Foundation

/// Changes to assets, each checked against the lifecycle and written with its history row: who, when, what changed.
struct EstateAssetBook {
    let db: any Database
    let now: Date
    let byID: UUID?
    /// "page", "import", "api", "request" or "engagement".
    let source: String

    /// Creates an asset and its first history row.
    func create(_ asset: EstateAsset) async throws {
        try await asset.create(on: db)
        try await EstateAssetChange(assetID: asset.requireID(), at: now, byID: byID, source: source, summary: "created").create(on: db)
    }

    /// Moves an asset to `state` through the lifecycle, by the shortest allowed path, recording each step.
    func move(_ asset: EstateAsset, to state: AssetState, person: UUID?? = nil, certificate: String? = nil, note: String? = nil)
        async throws
    {
        let personAfter = person ?? asset.personID
        let path = try Self.path(from: asset.state, to: state)
        var parts: [String] = []
        for next in path {
            do {
                try AssetMove.check(from: asset.state, to: next, certificate: certificate, personID: personAfter)
            } catch {
                throw EstateError.refused("Asset \(asset.tag): \(error.description)")
            }
            parts.append("state: \(asset.state.displayName) → \(next.displayName)")
            asset.state = next
        }
        if personAfter != asset.personID {
            parts.append("person: \(try await name(asset.personID)) → \(try await name(personAfter))")
            asset.personID = personAfter
        }
        if !state.holdsPerson, asset.personID != nil, !asset.personal {
            parts.append("person: \(try await name(asset.personID)) → —")
            asset.personID = nil
        }
        if let certificate, state == .disposed {
            asset.certificate = certificate
            parts.append("certificate: \(certificate)")
        }
        if state == .returned || !state.holdsPerson { asset.returnDueSince = nil }
        if let note { parts.append(note) }
        guard !parts.isEmpty else { return }
        try await asset.save(on: db)
        try await record(asset, parts.joined(separator: "; "))
    }

    /// Writes one history row for changes already made to `asset`.
    func record(_ asset: EstateAsset, _ summary: String) async throws {
        try await EstateAssetChange(assetID: asset.requireID(), at: now, byID: byID, source: source, summary: summary).create(on: db)
    }

    /// The states between `from` and `to` along allowed moves (excluding `from`); an error when there is none.
    static func path(from: AssetState, to: AssetState) throws -> [AssetState] {
        if from == to { return [] }
        var previous: [AssetState: AssetState] = [:]
        var frontier = [from]
        while !frontier.isEmpty, previous[to] == nil {
            var next: [AssetState] = []
            for state in frontier {
                for candidate in state.allowedNext.sorted(by: { $0.rawValue < $1.rawValue })
                where candidate != from && previous[candidate] == nil {
                    previous[candidate] = state
                    next.append(candidate)
                }
            }
            frontier = next
        }
        guard previous[to] != nil else {
            throw EstateError.refused(AssetMoveError.notAllowed(from: from, to: to).description)
        }
        var path = [to]
        while let before = previous[path[0]], before != from { path.insert(before, at: 0) }
        return path
    }

    // MARK: - fulfilment

    /// Allocates each line's kit from unallocated stock at the practice, or puts new assets on order.
    func fulfil(_ request: EstateRequest, lines: [EstateRequestLine]) async throws {
        let funder = try await funder(of: request)
        var tagNumber = 0
        for line in lines {
            let lineID = try line.requireID()
            for _ in 0..<line.quantity {
                let stock = try await EstateAsset.query(on: db).filter(\.$ownerID == request.organisationID)
                    .filter(\.$kind == line.kind).filter(\.$state == AssetState.inStock).filter(\.$personID == nil)
                    .filter(\.$personal == false).sort(\.$tag).first()
                if let stock {
                    stock.requestLineID = lineID
                    if let person = line.personID {
                        try await move(stock, to: .allocated, person: .some(person), note: "for \(request.reference)")
                    } else {
                        try await stock.save(on: db)
                        try await record(stock, "set aside for \(request.reference)")
                    }
                    continue
                }
                tagNumber += 1
                let asset = EstateAsset()
                asset.tag = "\(request.reference)-\(tagNumber)"
                asset.serial = ""
                asset.kind = line.kind
                asset.make = ""
                asset.model = ""
                asset.funder = funder
                asset.state = AssetState.onOrder
                asset.encryption = EncryptionStatus.unknown
                asset.personal = false
                asset.ownerID = request.organisationID
                asset.personID = nil
                asset.requestLineID = lineID
                try await create(asset)
            }
        }
    }

    /// Moves every asset bought or allocated for these lines to `state`, with the line's person where it holds one.
    func move(assetsOf lines: [EstateRequestLine], to state: AssetState) async throws {
        let ids = lines.compactMap(\.id)
        let assets = try await EstateAsset.query(on: db).filter(\.$requestLineID ~~ ids).sort(\.$tag).all()
        for asset in assets {
            let line = lines.first { $0.id == asset.requestLineID }
            let person: UUID?? = state.holdsPerson ? .some(line?.personID) : .some(nil)
            if state.holdsPerson, line?.personID == nil {
                try await move(asset, to: asset.state == .onOrder ? .inStock : state == .inUse ? .inStock : asset.state)
            } else {
                try await move(asset, to: state, person: person)
            }
        }
    }

    private func funder(of request: EstateRequest) async throws -> Funder {
        guard let potID = request.potID, let pot = try await EstateFundingPot.find(potID, on: db),
            let owner = try await Organisation.find(pot.ownerID, on: db)
        else { return .practice }
        return owner.kind == .national ? .national : .commissioner
    }

    private func name(_ personID: UUID?) async throws -> String {
        guard let personID else { return "—" }
        return try await Person.find(personID, on: db)?.name ?? "someone"
    }
}
