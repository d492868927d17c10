import Domain
import Fluent
import Foundation
import Plot
import Vapor

/// The asset list with its filters, and one asset with its history.
enum EstateAssetPages {
    static func list(req: Request, staff: StaffContext, form: EstateAssetForm, errors: [FormError]) async throws -> HTML {
        let scope = try await EstateScope.load(for: staff, on: req.db)
        let filters = try req.query.decode(EstateAssetQuery.self)
        let found = try await filters.build(scope: scope, on: req.db).limit(EstateAssetController.pageSize + 1).all()
        let page = Array(found.prefix(EstateAssetController.pageSize))
        let owners = try await EstateRequestPages.organisationNames(Set(page.map(\.ownerID)), on: req.db)
        let people = try await Person.query(on: req.db).filter(\.$id ~~ Set(page.compactMap(\.personID))).all()
        let names = Dictionary(people.compactMap { person in person.id.map { ($0, person.name) } }, uniquingKeysWith: { a, _ in a })
        let layout = Layout("Assets", section: .estate, request: req)
        let kindOptions = [("", "Any kind")] + AssetKind.allCases.map { ($0.rawValue, $0.displayName) }
        let stateOptions = [("", "Any state")] + AssetState.allCases.map { ($0.rawValue, $0.displayName) }
        return layout.render([
            .p(.a(.href(SiteURL.estate.path), .text("Digital estate"))),
            .h1(.text("Assets")),
            .form(
                .class("filters"), .action(SiteURL.estateAssets.path), .method(.get),
                Components.select("kind", label: "Kind", options: kindOptions, selected: filters.kind ?? ""),
                Components.select("state", label: "State", options: stateOptions, selected: filters.state ?? ""),
                Components.select(
                    "personal", label: "Whose", options: [("", "All"), ("no", "The estate's"), ("yes", "Personal devices")],
                    selected: filters.personal ?? ""),
                Components.field("org", label: "Organisation (ODS code)", value: filters.org ?? ""),
                Components.field("q", label: "Tag or serial", value: filters.q ?? ""),
                .button(.type(.submit), .class("button button--secondary"), .text("Filter"))
            ),
            .p(.a(.href(SiteURL.estateAssetsCSV.path + filters.queryString(after: nil)), .text("Download these assets as CSV"))),
            page.isEmpty
                ? .p(.text("No assets match."))
                : .div(
                    .class("table-wrap"),
                    .table(
                        .class("table"), .id("assets"), .caption(.text("Assets, by tag")),
                        .thead(
                            .tr(
                                .th(.text("Tag")), .th(.text("Kind")), .th(.text("Make and model")), .th(.text("Organisation")),
                                .th(.text("Person")), .th(.text("State")))),
                        .tbody(
                            .forEach(page) { asset in
                                .tr(
                                    .td(.a(.href(SiteURL.estateAsset(id: asset.id!).path), .text(asset.tag))),
                                    .td(.text(asset.kind.displayName + (asset.personal ? " (personal)" : ""))),
                                    .td(.text("\(asset.make) \(asset.model)")), .td(.text(owners[asset.ownerID] ?? "")),
                                    .td(.text(asset.personID.flatMap { names[$0] } ?? "—")), .td(.text(asset.state.displayName)))
                            })
                    )),
            .if(
                found.count > page.count,
                .p(
                    .a(
                        .href(SiteURL.estateAssets.path + filters.queryString(after: page.last?.tag)),
                        .text("Next \(EstateAssetController.pageSize) assets")))),
            .if(staff.can(.manageEstate) && scope.isProvider, createForm(form, errors: errors, csrf: layout.csrf)),
        ])
    }

    private static func createForm(_ form: EstateAssetForm, errors: [FormError], csrf: String) -> Node<HTML.BodyContext> {
        .group(
            .h2(.id("add-asset"), .text("Add an asset")),
            Components.errorSummary(errors),
            .form(
                .action(SiteURL.estateAssets.path), .method(.post), Components.csrfField(csrf),
                Components.field("tag", label: "Asset tag", value: form.tag, errors: errors),
                Components.field("serial", label: "Serial number", value: form.serial, errors: errors),
                Components.select(
                    "kind", label: "Kind", options: AssetKind.allCases.map { ($0.rawValue, $0.displayName) }, selected: form.kind,
                    errors: errors),
                Components.field("make", label: "Make", value: form.make),
                Components.field("model", label: "Model", value: form.model),
                Components.select(
                    "funder", label: "Funded by", options: Funder.allCases.map { ($0.rawValue, $0.displayName) }, selected: form.funder),
                Components.select(
                    "encryption", label: "Disk encryption", options: EncryptionStatus.allCases.map { ($0.rawValue, $0.displayName) },
                    selected: form.encryption),
                .button(.type(.submit), .class("button"), .text("Add to stock"))
            )
        )
    }

    /// Assets as CSV rows, with their owners' codes and people's emails read in two queries.
    static func rows(_ assets: [EstateAsset], on db: any Database) async throws -> [AssetRow] {
        let organisations = try await Organisation.query(on: db).filter(\.$id ~~ Set(assets.map(\.ownerID))).all()
        let codes = Dictionary(organisations.compactMap { org in org.id.map { ($0, org.odsCode) } }, uniquingKeysWith: { a, _ in a })
        let people = try await Person.query(on: db).filter(\.$id ~~ Set(assets.compactMap(\.personID))).all()
        let emails = Dictionary(people.compactMap { person in person.id.map { ($0, person.email) } }, uniquingKeysWith: { a, _ in a })
        return assets.map { $0.row(ownerODS: codes[$0.ownerID] ?? "", personEmail: $0.personID.flatMap { emails[$0] }) }
    }

    static func detail(_ asset: EstateAsset, req: Request, staff: StaffContext, errors: [FormError]) async throws -> HTML {
        let id = try asset.requireID()
        let changes = try await EstateAssetChange.query(on: req.db).filter(\.$assetID == id).sort(\.$at, .descending).limit(200).all()
        let people = try await Person.query(on: req.db).filter(
            \.$id ~~ Set(changes.compactMap(\.byID) + [asset.personID].compactMap { $0 })
        ).all()
        let name = { (id: UUID?) in id.flatMap { id in people.first { $0.id == id }?.name } ?? "—" }
        let owner = try await Organisation.find(asset.ownerID, on: req.db)
        let staffThere = try await owner.asyncMap { try await EstateRequestForm.staff(at: $0, on: req.db, today: staff.today) } ?? []
        let layout = Layout("Asset \(asset.tag)", section: .estate, request: req)
        let next = [asset.state] + asset.state.allowedNext.sorted { $0.rawValue < $1.rawValue }
        return layout.render([
            .p(.a(.href(SiteURL.estateAssets.path), .text("All assets"))),
            .h1(.text("\(asset.kind.displayName) \(asset.tag)")),
            Components.summaryList([
                ("State", asset.state.displayName + (asset.returnDueSince == nil ? "" : " – return due")),
                ("Person", name(asset.personID)), ("Organisation", owner?.name ?? ""),
                ("Funded by", asset.personal ? "The person's own" : asset.funder.displayName),
                ("Serial", asset.serial), ("Make and model", "\(asset.make) \(asset.model)"), ("Location", asset.location ?? "—"),
                ("Encryption", asset.encryption.displayName),
                (
                    "Operating system",
                    [asset.operatingSystem, asset.osEndOfSupport.map { "support ends \($0)" }].compactMap { $0 }.joined(separator: ", ")
                ),
                ("Last seen", asset.lastSeen ?? "—"), ("Disposal certificate", asset.certificate ?? "—"),
            ]),
            .if(
                staff.can(.manageEstate),
                .group(
                    .h2(.id("change"), .text("Change")),
                    Components.errorSummary(errors),
                    .form(
                        .action(SiteURL.estateAssetState(id: id).path), .method(.post), Components.csrfField(layout.csrf),
                        Components.select(
                            "state", label: "State", options: next.map { ($0.rawValue, $0.displayName) }, selected: asset.state.rawValue,
                            errors: errors),
                        Components.select(
                            "person", label: "Person", options: [("", "No one")] + staffThere.map { ($0.id!.uuidString, $0.name) },
                            selected: asset.personID?.uuidString ?? "", errors: errors),
                        Components.field("location", label: "Location", value: asset.location ?? ""),
                        Components.field("certificate", label: "Disposal certificate reference", hint: "Needed to record disposal"),
                        .button(.type(.submit), .class("button"), .text("Save the change"))
                    ))),
            .h2(.text("History")),
            .ul(
                .id("asset-history"),
                .forEach(changes) { change in
                    .li(.text("\(EstateFormat.when(change.at)) – \(name(change.byID)) (\(change.source)): \(change.summary)"))
                }),
        ])
    }
}
