import Domain
import Fluent
import Foundation
import Vapor

/// The estate in the JSON API: assets (list, read, create), a readiness summary and requests, scoped to what the
/// token's organisation may see.
enum EstateAPIController {
    struct AssetBody: Content {
        var id: UUID?
        var tag: String
        var serial: String
        var kind: String
        var make: String
        var model: String
        var ownerOdsCode: String
        var funder: String
        var personEmail: String?
        var location: String?
        var state: String
        var encryption: String
        var operatingSystem: String?
        var osEndOfSupport: String?
        var lastSeen: String?
        var personal: Bool
        var certificate: String?

        init(id: UUID?, row: AssetRow) {
            self.id = id
            tag = row.tag
            serial = row.serial
            kind = row.kind.rawValue
            make = row.make
            model = row.model
            ownerOdsCode = row.ownerODS
            funder = row.funder.rawValue
            personEmail = row.personEmail
            location = row.location
            state = row.state.rawValue
            encryption = row.encryption.rawValue
            operatingSystem = row.operatingSystem
            osEndOfSupport = row.osEndOfSupport
            lastSeen = row.lastSeen
            personal = row.personal
            certificate = row.certificate
        }

        /// The body as a CSV line, so that the API takes exactly what an import takes, with the same checks.
        var csvLine: String {
            let fields = [
                tag, serial, kind, make, model, ownerOdsCode, funder, personEmail ?? "", location ?? "", state, encryption,
                operatingSystem ?? "", osEndOfSupport ?? "", lastSeen ?? "", personal ? "yes" : "no", certificate ?? "",
            ]
            return fields.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: ",")
        }
    }

    struct AssetPage: Content {
        var assets: [AssetBody]
        /// Pass as `after` for the next page; absent on the last.
        var next: String?
    }

    @Sendable static func list(req: Request) async throws -> AssetPage {
        let token = try req.requireAPIToken()
        let scope = try await EstateScope.load(for: token.organisation, on: req.db)
        let filters = try req.query.decode(EstateAssetQuery.self)
        let found = try await filters.build(scope: scope, on: req.db).limit(201).all()
        let page = Array(found.prefix(200))
        let rows = try await AssetRow.load(page, on: req.db)
        return AssetPage(
            assets: zip(page, rows).map { AssetBody(id: $0.0.id, row: $0.1) }, next: found.count > page.count ? page.last?.tag : nil)
    }

    @Sendable static func read(req: Request) async throws -> AssetBody {
        let token = try req.requireAPIToken()
        let scope = try await EstateScope.load(for: token.organisation, on: req.db)
        let asset = try await scope.asset(try req.uuidParameter(.assetID), on: req.db)
        let row = try await AssetRow.load([asset], on: req.db)[0]
        return AssetBody(id: asset.id, row: row)
    }

    /// Creates an asset; the same rules as a CSV row. A tag already recorded is a conflict.
    @Sendable static func create(req: Request) async throws -> Response {
        let token = try req.requireAPIToken()
        let body = try req.content.decode(AssetBody.self)
        let parsed = AssetCSV.parse(AssetCSV.header.joined(separator: ",") + "\n" + body.csvLine + "\n")
        if let error = parsed.errors.first {
            throw Abort(.unprocessableEntity, reason: error.message.replacingOccurrences(of: "line 2: ", with: ""))
        }
        guard let row = parsed.rows.first?.row else { throw Abort(.unprocessableEntity, reason: "The asset is empty.") }
        let scope = try await EstateScope.load(for: token.organisation, on: req.db)
        let owner = try await scope.organisation(code: row.ownerODS, on: req.db)
        var personID: UUID?
        if let email = row.personEmail {
            guard let person = try await Person.query(on: req.db).filter(\.$email == email).first() else {
                throw Abort(.unprocessableEntity, reason: "personEmail \(email) is not a member of staff here.")
            }
            personID = person.id
        }
        let asset = EstateAsset()
        asset.apply(row, ownerID: try owner.requireID(), personID: personID)
        try await req.db.writeTransaction { tx in
            guard try await EstateAsset.query(on: tx).filter(\.$tag == row.tag).first() == nil else {
                throw Abort(.conflict, reason: "An asset with tag \(row.tag) is already recorded.")
            }
            try await EstateAssetBook(db: tx, now: Date(), byID: nil, source: "api").create(asset)
        }
        let response = try await AssetBody(id: asset.id, row: row).encodeResponse(status: .created, for: req)
        response.headers.replaceOrAdd(name: .location, value: "/api/v1/assets/\(try asset.requireID().uuidString)")
        return response
    }

    struct ReadinessBody: Content {
        var odsCode: String
        var name: String
        var staff: Int
        var ready: Int
        var percent: Int
        var target: Int
        var meetsTarget: Bool
        var organisations: Int
    }

    /// An organisation's readiness: its own staff, or the roll-up across what it commissions.
    @Sendable static func readiness(req: Request) async throws -> ReadinessBody {
        let token = try req.requireAPIToken()
        let scope = try await EstateScope.load(for: token.organisation, on: req.db)
        let organisation = try await scope.organisation(code: try req.parameter(.odsCode), on: req.db)
        let inner = try await EstateScope.load(for: organisation, on: req.db)
        let (lines, _) = try await req.application.readinessSnapshots.rollup(
            try await inner.providers(on: req.db), on: req.db, today: CalendarDay(Date()))
        let rollup = ReadinessRollup(lines.map(\.summary))
        let target = lines.count == 1 ? lines[0].summary.target : ReadinessTarget.standard
        return ReadinessBody(
            odsCode: organisation.odsCode, name: organisation.name, staff: rollup.staff, ready: rollup.ready, percent: rollup.percent,
            target: target, meetsTarget: lines.count == 1 ? lines[0].summary.meetsTarget : rollup.percent >= target,
            organisations: rollup.organisations)
    }

    struct RequestBody: Content {
        var id: UUID
        var reference: String
        var organisationOdsCode: String
        var kind: String
        var status: String
        var cost: Int
        var createdAt: Date?
    }

    @Sendable static func requests(req: Request) async throws -> [RequestBody] {
        let token = try req.requireAPIToken()
        let scope = try await EstateScope.load(for: token.organisation, on: req.db)
        var query = EstateRequest.query(on: req.db)
        if let visible = scope.visible { query = query.filter(\.$organisationID ~~ visible) }
        if !scope.isProvider { query = query.filter(\.$status != EstateRequestStatus.draft) }
        let requests = try await query.sort(\.$createdAt, .descending).limit(500).all()
        let organisations = try await Organisation.query(on: req.db).filter(\.$id ~~ Set(requests.map(\.organisationID))).all()
        return try requests.map { request in
            RequestBody(
                id: try request.requireID(), reference: request.reference,
                organisationOdsCode: organisations.first { $0.id == request.organisationID }?.odsCode ?? "", kind: request.kind.rawValue,
                status: request.status.rawValue, cost: request.cost, createdAt: request.createdAt)
        }
    }
}
