import Domain
import Fluent
import Foundation
import Plot
import Vapor

/// The person's own estate page.
enum EstateHomePage {
    static func render(req: Request, staff: StaffContext, errors: [FormError]) async throws -> HTML {
        let personID = try staff.person.requireID()
        let assets = try await EstateAsset.query(on: req.db).filter(\.$personID == personID).sort(\.$tag).all()
        let own = assets.filter(\.personal)
        let kit = assets.filter { !$0.personal }
        let waiting = try await EstateRequestLine.query(on: req.db).filter(\.$personID == personID).filter(\.$acceptedAt == nil).all()
        let delivered = try await EstateRequest.query(on: req.db).filter(\.$id ~~ Set(waiting.map(\.requestID)))
            .filter(\.$status == KitRequestStatus.delivered).all()
        let toAccept = waiting.filter { line in delivered.contains { $0.id == line.requestID } }
        let readiness = try await EstateReadiness.organisations([staff.actingOrganisation], on: req.db, today: staff.today)
        let missing = readiness.first?.people.first { $0.personID == personID }?.missing ?? []
        let notices = try await EstateNotice.query(on: req.db).filter(\.$personID == personID).filter(\.$settledAt == nil).sort(
            \.$at, .descending
        ).limit(15).all()
        let pools = try await DesktopAccess.pools(for: staff, on: req.db)
        let video = staff.engagements.contains { $0.engagement.role.permissions.contains(.consultByVideo) }
        let layout = Layout("Your kit", section: .estate, request: req)
        return layout.render([
            .h1(.text("Digital estate")),
            links(staff),
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
                : assetTable(kit, caption: "Kit in your name", delivered: Set(toAccept.compactMap(\.id))),
            .h2(.text("Your credentials")),
            Components.summaryList([
                ("Second factor", staff.person.hasSecondFactor ? "Enrolled" : "Not enrolled: set it up when you next sign in"),
                ("Desktop pool", pools.isEmpty ? "None: no pool serves your role here" : pools.map(\.name).joined(separator: ", ")),
                ("Video consultations", video ? "Yes" : "Not in your roles"),
            ]),
            .h2(.text("What you still need to work remotely")),
            missing.isEmpty
                ? .p(.text("Nothing: you have everything your role needs to work remotely."))
                : .ul(.forEach(missing) { .li(.text($0.displayName)) }),
            .h2(.id("own-devices"), .text("Your own devices and data plans used for work")),
            .p(.class("hint"), .text("Record them so that the practice sees the gap; you can claim their cost.")),
            Components.errorSummary(errors),
            own.isEmpty ? .p(.text("None recorded.")) : ownTable(own, csrf: layout.csrf, errors: errors),
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

    private static func links(_ staff: StaffContext) -> Node<HTML.BodyContext> {
        var items: [(SiteURL, String)] = staff.can(.viewEstate) ? [(.estateReadiness, "Readiness"), (.estateRequests, "Requests")] : []
        if staff.can(.manageEstate) || staff.can(.approveFunding) {
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

/// Dates and money as the estate pages show them.
enum EstateFormat {
    static func when(_ date: Date) -> String {
        date.formatted(.dateTime.day().month(.abbreviated).year().hour().minute().locale(Locale(identifier: "en_GB")))
    }

    static func pounds(_ pence: Int) -> String { Pounds.text(pence) }
}
