import Domain
import Foundation
import Plot

extension EstateHome {
    /// The person's own estate page.
    struct View {
        var model: Model
        var chrome: PageChrome

        var html: HTML {
            let kit = model.kit
            let own = model.own
            let toAccept = model.toAccept
            let missing = model.missing
            let errors = model.errors
            let notices = model.notices
            let layout = Layout("Your kit", section: .estate, chrome: chrome)
            return layout.render([
                .h1(.text("Digital estate")),
                links,
                .h2(.text("Your kit")),
                .if(
                    !toAccept.isEmpty,
                    .div(
                        .class("notice"), .attribute(named: "role", value: "status"),
                        .h3(.text("Kit delivered to you")),
                        .ul(
                            .forEach(toAccept) { line in
                                .li(
                                    .text("\(line.quantity) × \(line.kind.displayName) "),
                                    .form(
                                        .class("inline-form"), .action(SiteURL.estateLineAccept(id: line.id!).path), .method(.post),
                                        Components.csrfField(layout.csrf),
                                        .button(
                                            .type(.submit), .class("button"),
                                            .text("I have received my \(line.kind.displayName.lowercased())"))
                                    )
                                )
                            })
                    )),
                kit.isEmpty
                    ? .p(.text("No kit is recorded in your name."))
                    : Self.assetTable(kit, caption: "Kit in your name", delivered: Set(toAccept.compactMap(\.id))),
                .h2(.text("Your credentials")),
                Components.summaryList([
                    ("Second factor", model.hasSecondFactor ? "Enrolled" : "Not enrolled: set it up when you next sign in"),
                    (
                        "Desktop pool",
                        model.poolNames.isEmpty ? "None: no pool serves your role here" : model.poolNames.joined(separator: ", ")
                    ),
                    ("Video consultations", model.consultsByVideo ? "Yes" : "Not in your roles"),
                ]),
                .h2(.text("What you still need to work remotely")),
                missing.isEmpty
                    ? .p(.text("Nothing: you have everything your role needs to work remotely."))
                    : .ul(.forEach(missing) { .li(.text($0.displayName)) }),
                .h2(.id("own-devices"), .text("Your own devices and data plans used for work")),
                .p(.class("hint"), .text("Record them so that the practice sees the gap; you can claim their cost.")),
                Components.errorSummary(errors),
                own.isEmpty ? .p(.text("None recorded.")) : Self.ownTable(own, csrf: layout.csrf, errors: errors),
                .form(
                    .action(SiteURL.estatePersonal.path), .method(.post), Components.csrfField(layout.csrf),
                    Components.select(
                        "kind", label: "Kind",
                        options: [AssetKind.phone, .dataPlan, .laptop, .tablet, .headset, .webcam, .other].map {
                            ($0.rawValue, $0.displayName)
                        },
                        selected: nil, errors: errors),
                    Components.field("makeAndModel", label: "Make and model (optional)"),
                    .button(.type(.submit), .class("button button--secondary"), .text("Record my own device"))
                ),
                .h2(.text("Messages about your kit")),
                notices.isEmpty
                    ? .p(.text("No messages."))
                    : .ul(.forEach(notices) { notice in .li(.text("\(EstateFormat.when(notice.at)): \(notice.text)")) }),
            ])
        }

        private var links: Node<HTML.BodyContext> {
            var items: [(SiteURL, String)] = model.mayViewEstate ? [(.estateReadiness, "Readiness"), (.estateRequests, "Requests")] : []
            if model.mayManageOrFund {
                items += [(.estateAssets, "Assets"), (.estateImports, "Import assets"), (.estateFunding, "Funding")]
            }
            return .nav(
                .attribute(named: "aria-label", value: "Digital estate"),
                .ul(.class("filters"), .forEach(items) { item in .li(.a(.href(item.0.path), .text(item.1))) }))
        }

        /// `delivered`: request lines delivered and waiting for the person to accept them.
        static func assetTable(_ assets: [EstateAsset], caption: String, delivered: Set<UUID> = []) -> Node<HTML.BodyContext> {
            .div(
                .class("table-wrap"),
                .table(
                    .class("table"), .caption(.text(caption)),
                    .thead(.tr(.th(.text("Tag")), .th(.text("Kind")), .th(.text("Make and model")), .th(.text("State")))),
                    .tbody(
                        .forEach(assets) { asset in
                            .tr(
                                .td(.text(asset.tag)), .td(.text(asset.kind.displayName)), .td(.text("\(asset.make) \(asset.model)")),
                                .td(.text(state(of: asset, delivered: delivered))))
                        })
                ))
        }

        private static func state(of asset: EstateAsset, delivered: Set<UUID>) -> String {
            if asset.state == .inTransit, let line = asset.requestLineID, delivered.contains(line) {
                return "Delivered: confirm you have it above"
            }
            return asset.state.displayName + (asset.returnDueSince == nil ? "" : " (return due)")
        }

        private static func ownTable(_ assets: [EstateAsset], csrf: String, errors: [FormError]) -> Node<HTML.BodyContext> {
            .div(
                .class("table-wrap"),
                .table(
                    .class("table"), .caption(.text("Your own devices and plans")),
                    .thead(.tr(.th(.text("Kind")), .th(.text("Make and model")), .th(.text("Claim its cost")))),
                    .tbody(
                        .forEach(assets) { asset in
                            .tr(
                                .td(.text(asset.kind.displayName)), .td(.text(asset.make)),
                                .td(
                                    .form(
                                        .action(SiteURL.estateClaims.path), .method(.post), Components.csrfField(csrf),
                                        .input(.type(.hidden), .name("assetID"), .value(asset.id?.uuidString ?? "")),
                                        .label(.class("label"), .for("amount-\(asset.id?.uuidString ?? "")"), .text("Amount (£)")),
                                        .input(
                                            .type(.text), .id("amount-\(asset.id?.uuidString ?? "")"), .name("amount"), .class("input"),
                                            .attribute(named: "inputmode", value: "decimal")),
                                        .button(.type(.submit), .class("button button--secondary"), .text("Claim"))
                                    )))
                        })
                ))
        }
    }
}
