import Domain
import Foundation
import Plot

extension EstateAssets {
    /// The asset list with its filters, and the form to add an asset.
    struct View {
        var model: Model
        var chrome: PageChrome

        var html: HTML {
            let filters = model.filters
            let page = model.assets
            let owners = model.organisationNames
            let names = model.personNames
            let layout = Layout("Assets", section: .estate, chrome: chrome)
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
                    model.more,
                    .p(
                        .a(
                            .href(SiteURL.estateAssets.path + filters.queryString(after: page.last?.tag)),
                            .text("Next \(EstateAssets.pageSize) assets")))),
                .if(model.mayAdd, Self.createForm(model.form, errors: model.errors, csrf: layout.csrf)),
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
    }
}
