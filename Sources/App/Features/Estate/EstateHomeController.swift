import Domain
import Fluent
import Foundation
import Plot
import Vapor

/// A person's own estate page: the kit in their name, what they still lack, their own devices used for work,
/// claims for them, and what happened to their requests.
enum EstateHomeController {
    @Sendable static func show(req: Request) async throws -> HTML {
        try await page(req: req, errors: [])
    }

    /// The page: load it for the person signed in, render it.
    static func page(req: Request, errors: [FormError]) async throws -> HTML {
        let model = try await EstateHome.Model.load(for: try req.staff, errors: errors, on: req.db)
        return EstateHome.View(model: model, chrome: req.pageChrome).html
    }

    struct PersonalDeviceForm: Content {
        var kind: String
        var makeAndModel: String?
    }

    /// Records a personal device or data plan used for work, so that the gap shows.
    @Sendable static func recordPersonal(req: Request) async throws -> Response {
        let staff = try req.staff
        try staff.require(.viewOwnKit)
        let form = try req.content.decode(PersonalDeviceForm.self)
        guard let kind = AssetKind.parse(form.kind) else {
            let errors = [FormError(field: "kind", message: "Choose what kind of device or plan it is.")]
            return try await page(req: req, errors: errors).encodeResponse(status: .unprocessableEntity, for: req)
        }
        let asset = EstateAsset()
        asset.tag = "OWN-" + UUID().uuidString.prefix(8)
        asset.serial = ""
        asset.kind = kind
        asset.make = form.makeAndModel?.trimmingCharacters(in: .whitespaces) ?? ""
        asset.model = ""
        asset.funder = Funder.practice
        asset.state = AssetState.inUse
        asset.encryption = EncryptionStatus.unknown
        asset.personal = true
        asset.ownerID = try staff.actingOrganisation.requireID()
        asset.personID = try staff.person.requireID()
        try await req.db.writeTransaction { tx in
            try await EstateAssetBook(db: tx, now: Date(), byID: staff.person.id, source: "page").create(asset)
        }
        return req.redirect(to: SiteURL.estate.path + "#own-devices", redirectType: .normal)
    }

    struct ClaimForm: Content {
        var assetID: UUID
        var amount: String
        var justification: String?
    }

    /// A claim for a personal device or plan already used for work: submitted to the approval chain at once.
    @Sendable static func claim(req: Request) async throws -> Response {
        let staff = try req.staff
        try staff.require(.viewOwnKit)
        let form = try req.content.decode(ClaimForm.self)
        let personID = try staff.person.requireID()
        guard let asset = try await EstateAsset.find(form.assetID, on: req.db), asset.personal, asset.personID == personID else {
            throw EstateError.invalid("Claims are for your own devices and plans recorded on this page.")
        }
        guard let pence = EstateMoney.pence(form.amount), pence > 0 else {
            let errors = [FormError(field: "amount-\(form.assetID)", message: "Enter the amount in pounds, such as 120 or 24.99.")]
            return try await page(req: req, errors: errors).encodeResponse(status: .unprocessableEntity, for: req)
        }
        if let earlier = try await openClaim(for: form.assetID, on: req.db) {
            let message = "You have already claimed for this \(asset.kind.displayName.lowercased()) "
                + "(\(earlier.status.displayName.lowercased())). A device or plan is claimed for once; if the claim was "
                + "refused, ask your practice manager."
            let errors = [FormError(field: "amount-\(form.assetID)", message: message)]
            return try await page(req: req, errors: errors).encodeResponse(status: .conflict, for: req)
        }
        let flow = EstateRequestFlow(db: req.db, now: Date())
        let justification =
            form.justification.flatMap { $0.isEmpty ? nil : $0 }
            ?? "My own \(asset.kind.displayName.lowercased()) used for work at \(staff.actingOrganisation.name)."
        let id = try await flow.createDraft(
            organisationID: try staff.actingOrganisation.requireID(), requesterID: personID, kind: .claim, justification: justification,
            lines: [DraftLine(kind: asset.kind, quantity: 1, personID: personID, unitCost: pence)], assetIDs: [asset.id],
            raisedByManager: false)
        try await flow.submit(id, by: personID)
        return req.redirect(to: SiteURL.estateRequest(id: id).path + "?done=submitted", redirectType: .normal)
    }

    /// A claim for this asset that is waiting, approved or paid: one claim a device.
    private static func openClaim(for assetID: UUID, on db: any Database) async throws -> EstateRequest? {
        let lines = try await EstateRequestLine.query(on: db).filter(\.$assetID == assetID).all()
        guard !lines.isEmpty else { return nil }
        let closed: [EstateRequestStatus] = [.rejected, .withdrawn]
        return try await EstateRequest.query(on: db).filter(\.$id ~~ lines.map(\.requestID))
            .filter(\.$kind == EstateRequestKind.claim).filter(\.$status !~ closed).first()
    }

    /// The person a delivered line is for accepts it.
    @Sendable static func accept(req: Request) async throws -> Response {
        let staff = try req.staff
        let lineID = try req.uuidParameter(.lineID)
        try await EstateRequestFlow(db: req.db, now: Date()).accept(lineID, by: staff.person.requireID())
        return req.redirect(to: SiteURL.estate.path, redirectType: .normal)
    }
}

/// Pounds typed by staff, to pence.
enum EstateMoney {
    static func pence(_ text: String) -> Int? {
        let cleaned = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "£", with: "").replacingOccurrences(
            of: ",", with: "")
        guard let value = Decimal(string: cleaned), value >= 0, value < 100_000_000 else { return nil }
        var pence = value * 100
        var rounded = Decimal()
        NSDecimalRound(&rounded, &pence, 0, .plain)
        guard rounded == pence else { return nil }
        return NSDecimalNumber(decimal: rounded).intValue
    }
}
