import Domain
import Fluent
import Foundation
import Plot
import Vapor

/// The estate's assets: a filtered list, the CSV export, one asset with its history, and changes to it.
enum EstateAssetController {
    @Sendable static func index(req: Request) async throws -> HTML {
        try await list(req: req, form: EstateAssetForm(), errors: [])
    }

    /// The list with the add form: decode the filters, load, render.
    static func list(req: Request, form: EstateAssetForm, errors: [FormError]) async throws -> HTML {
        let filters = try req.query.decode(EstateAssetQuery.self)
        let model = try await EstateAssets.Model.load(filters, form: form, errors: errors, for: try req.staff, on: req.db)
        return EstateAssets.View(model: model, chrome: req.pageChrome).html
    }

    /// One asset's page, as found in the person's scope.
    static func detail(_ asset: EstateAsset, req: Request, errors: [FormError]) async throws -> HTML {
        let model = try await EstateAssetShow.Model.load(checked: asset, for: try req.staff, errors: errors, on: req.db)
        return EstateAssetShow.View(model: model, chrome: req.pageChrome).html
    }

    /// Streams every matching asset as CSV, a few thousand rows at a time.
    @Sendable static func export(req: Request) async throws -> Response {
        let staff = try req.staff
        try staff.require(.viewEstate)
        let scope = try await EstateScope.load(for: staff, on: req.db)
        let filters = try req.query.decode(EstateAssetQuery.self)
        _ = try await filters.build(scope: scope, on: req.db)  // a bad filter fails before the stream starts
        let db = req.db
        let response = Response(status: .ok)
        response.headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        response.headers.contentDisposition = .init(.attachment, filename: "assets.csv")
        response.body = .init(asyncStream: { writer in
            do {
                try await writer.write(.buffer(ByteBuffer(string: AssetCSV.header.joined(separator: ",") + "\r\n")))
                var cursor = filters
                while true {
                    let page = try await cursor.build(scope: scope, on: db).limit(5000).all()
                    guard let last = page.last else { break }
                    let rows = try await AssetRow.load(page, on: db)
                    try await writer.write(.buffer(ByteBuffer(string: rows.map(AssetCSV.line).joined(separator: "\r\n") + "\r\n")))
                    cursor.after = last.tag
                }
                try await writer.write(.end)
            } catch {
                try? await writer.write(.error(error))
            }
        })
        return response
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let staff = try req.staff
        try staff.require(.manageEstate)
        let form = try req.content.decode(EstateAssetForm.self)
        let errors = try await form.errors(on: req.db)
        guard errors.isEmpty, let kind = AssetKind.parse(form.kind), let funder = Funder(rawValue: form.funder),
            let encryption = EncryptionStatus(rawValue: form.encryption)
        else {
            return try await list(req: req, form: form, errors: errors)
                .encodeResponse(status: .unprocessableEntity, for: req)
        }
        let asset = EstateAsset()
        asset.tag = form.tag.trimmingCharacters(in: .whitespaces)
        asset.serial = form.serial.trimmingCharacters(in: .whitespaces)
        asset.kind = kind
        asset.make = form.make.trimmingCharacters(in: .whitespaces)
        asset.model = form.model.trimmingCharacters(in: .whitespaces)
        asset.funder = funder
        asset.state = AssetState.inStock
        asset.encryption = encryption
        asset.personal = false
        asset.ownerID = try staff.actingOrganisation.requireID()
        try await req.db.writeTransaction { tx in
            try await EstateAssetBook(db: tx, now: Date(), byID: staff.person.id, source: "page").create(asset)
            try await req.audit(.estateAssetChanged, recordType: "estate_asset", recordID: asset.id?.uuidString, detail: "created", within: tx)
        }
        return req.redirect(to: SiteURL.estateAsset(id: try asset.requireID()).path, redirectType: .normal)
    }

    @Sendable static func show(req: Request) async throws -> HTML {
        let staff = try req.staff
        try staff.require(.viewEstate)
        let model = try await EstateAssetShow.Model.load(try req.uuidParameter(.assetID), for: staff, errors: [], on: req.db)
        return EstateAssetShow.View(model: model, chrome: req.pageChrome).html
    }

    struct MoveForm: Content {
        var state: String
        var person: String?
        var certificate: String?
        var location: String?
    }

    /// Moves an asset along its lifecycle (lost, in repair, returned, disposed with a certificate…).
    @Sendable static func move(req: Request) async throws -> Response {
        let staff = try req.staff
        try staff.require(.manageEstate)
        let scope = try await EstateScope.load(for: staff, on: req.db)
        let asset = try await scope.asset(try req.uuidParameter(.assetID), on: req.db)
        let form = try req.content.decode(MoveForm.self)
        guard let state = AssetState.parse(form.state) else { throw EstateError.invalid("Choose the state the asset moves to.") }
        let person: UUID?? = form.person.map { $0.isEmpty ? .some(nil) : UUID(uuidString: $0).map { .some($0) } ?? nil } ?? nil
        if case .some(.some(let id)) = person {
            let owner = try await Organisation.find(asset.ownerID, on: req.db)
            let staffThere = try await owner.asyncMap { try await EstateRequestForm.staff(at: $0, on: req.db, today: staff.today) } ?? []
            guard staffThere.contains(where: { $0.id == id }) else {
                return try await detail(
                    asset, req: req,
                    errors: [FormError(field: "person", message: "Choose someone who works at the owning organisation.")]
                ).encodeResponse(status: .unprocessableEntity, for: req)
            }
        }
        let certificate = form.certificate.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
        let location = form.location?.trimmingCharacters(in: .whitespaces)
        do {
            try await req.db.writeTransaction { tx in
                let book = EstateAssetBook(db: tx, now: Date(), byID: staff.person.id, source: "page")
                var note: String?
                if let location, location != (asset.location ?? "") {
                    note = "location: \(asset.location ?? "—") → \(location.isEmpty ? "—" : location)"
                    asset.location = location.isEmpty ? nil : location
                }
                try await book.move(asset, to: state, person: person, certificate: certificate, note: note)
                try await req.audit(.estateAssetChanged, recordType: "estate_asset", recordID: asset.id?.uuidString, detail: state.rawValue, within: tx)
            }
        } catch let error as EstateError {
            return try await detail(
                asset, req: req, errors: [FormError(field: "state", message: error.reason)]
            )
            .encodeResponse(status: .unprocessableEntity, for: req)
        }
        return req.redirect(to: SiteURL.estateAsset(id: try asset.requireID()).path, redirectType: .normal)
    }
}

/// A new asset typed in by hand.
struct EstateAssetForm: Content {
    var tag = ""
    var serial = ""
    var kind = ""
    var make = ""
    var model = ""
    var funder = Funder.practice.rawValue
    var encryption = EncryptionStatus.unknown.rawValue

    func errors(on db: any Database) async throws -> [FormError] {
        var errors: [FormError] = []
        let tag = tag.trimmingCharacters(in: .whitespaces)
        if tag.isEmpty || tag.count > 64 {
            errors.append(.init(field: "tag", message: "Enter the asset tag, up to 64 characters."))
        } else if try await EstateAsset.query(on: db).filter(\.$tag == tag).first() != nil {
            errors.append(.init(field: "tag", message: "An asset with tag \(tag) is already recorded."))
        }
        if AssetKind.parse(kind) == nil { errors.append(.init(field: "kind", message: "Choose the kind of kit.")) }
        if Funder(rawValue: funder) == nil { errors.append(.init(field: "funder", message: "Choose who paid for it.")) }
        if EncryptionStatus(rawValue: encryption) == nil {
            errors.append(.init(field: "encryption", message: "Choose whether it is encrypted."))
        }
        return errors
    }
}
