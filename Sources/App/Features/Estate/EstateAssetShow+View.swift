import Domain
import Foundation
import Plot

extension EstateAssetShow {
    /// One asset with its history, and the form to change it.
    struct View {
        var model: Model
        var chrome: PageChrome

        var html: HTML {
            let asset = model.asset
            let id = asset.id!
            let changes = model.changes
            let staffThere = model.staffThere
            let errors = model.errors
            let name = model.name
            let layout = Layout("Asset \(asset.tag)", section: .estate, chrome: chrome)
            let next = [asset.state] + asset.state.allowedNext.sorted { $0.rawValue < $1.rawValue }
            return layout.render([
                .p(.a(.href(SiteURL.estateAssets.path), .text("All assets"))),
                .h1(.text("\(asset.kind.displayName) \(asset.tag)")),
                Components.summaryList([
                    ("State", asset.state.displayName + (asset.returnDueSince == nil ? "" : " – return due")),
                    ("Person", name(asset.personID)), ("Organisation", model.ownerName),
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
                    model.mayChange,
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
}
