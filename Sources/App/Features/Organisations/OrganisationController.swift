import Domain
import Fluent
import Foundation
import Plot
import Vapor

/// Organisations the person's acting organisation may see, and one organisation's details.
enum OrganisationController {
    struct ListQuery: Content {
        var q: String?
        var page: Int?
    }

    @Sendable static func index(req: Request) async throws -> HTML {
        let staff = try req.staff
        try staff.require(.viewOrganisations)
        let query = try req.query.decode(ListQuery.self)
        let page = max(1, query.page ?? 1)
        var builder = Organisation.query(on: req.db)
        if let visible = try await OrganisationScope.visibleIDs(from: staff.actingOrganisation, on: req.db, today: staff.today) {
            builder = builder.filter(\.$id ~~ Array(visible))
        }
        let search = (query.q ?? "").trimmingCharacters(in: .whitespaces)
        if !search.isEmpty {
            builder = builder.group(.or) { $0.filter(\.$name, .custom("LIKE"), "%\(search)%").filter(\.$odsCode == search.uppercased()) }
        }
        let total = try await builder.count()
        let organisations = try await builder.sort(\.$name).range(((page - 1) * 50)..<(page * 50)).all()
        return OrganisationListPage(organisations: organisations, total: total, page: page, search: search).render(req)
    }

    @Sendable static func show(req: Request) async throws -> HTML {
        let staff = try req.staff
        try staff.require(.viewOrganisations)
        let code = try req.parameter(.odsCode)
        guard let organisation = try await OrganisationScope.visibleOrganisation(code: code, from: staff.actingOrganisation, on: req.db, today: staff.today)
        else { throw Abort(.notFound, reason: "There is no organisation \(code) that you can see.") }
        let parent = try await organisation.parentID.asyncMap { try await Organisation.find($0, on: req.db) } ?? nil
        let pcn = try await organisation.pcnID.asyncMap { try await Organisation.find($0, on: req.db) } ?? nil
        let staffCount = try await Engagement.query(on: req.db).filter(\.$organisation.$id == organisation.requireID()).count()
        try await req.audit(.organisationViewed, recordType: "organisation", recordID: organisation.odsCode)
        return OrganisationShowPage(organisation: organisation, parent: parent, pcn: pcn, staffCount: staffCount).render(req)
    }
}

extension Optional {
    /// Maps the wrapped value with an async closure.
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        switch self {
        case .some(let value): try await transform(value)
        case .none: nil
        }
    }
}

/// The list of visible organisations.
struct OrganisationListPage {
    var organisations: [Organisation]
    var total: Int
    var page: Int
    var search: String

    func render(_ req: Request) -> HTML {
        Layout("Organisations", section: .organisations, request: req).render([
            .h1(.text("Organisations")),
            .form(
                .class("filters"), .action(SiteURL.organisations.path), .method(.get),
                .div(Components.field("q", label: "Name or ODS code", value: search)),
                .button(.type(.submit), .class("button button--secondary"), .text("Search"))
            ),
            .p(.attribute(named: "role", value: "status"), .text("\(total) organisation\(total == 1 ? "" : "s")")),
            .div(
                .class("table-wrap"), .attribute(named: "tabindex", value: "0"), .attribute(named: "role", value: "region"), .attribute(named: "aria-label", value: "Organisations (scrolls sideways)"),
                .table(
                    .class("table"),
                    .thead(.tr(.th(.text("Name")), .th(.text("ODS code")), .th(.text("Kind")), .th(.text("Postcode")))),
                    .tbody(
                        .forEach(organisations) { org in
                            .tr(
                                .td(.a(.href(SiteURL.organisation(ods: org.odsCode).path), .text(org.name))),
                                .td(.text(org.odsCode)), .td(.text(org.kind.displayName)), .td(.text(org.postcode ?? ""))
                            )
                        }
                    )
                )
            ),
            .if(total > page * 50, .a(.href(SiteURL.organisations.path + "?page=\(page + 1)&q=\(search.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"), .text("Next page"))),
        ])
    }
}

/// One organisation's details.
struct OrganisationShowPage {
    var organisation: Organisation
    var parent: Organisation?
    var pcn: Organisation?
    var staffCount: Int

    func render(_ req: Request) -> HTML {
        var rows: [(String, String)] = [
            ("ODS code", organisation.odsCode), ("Kind", organisation.kind.displayName),
            ("Status", organisation.status.displayName),
        ]
        if let address = organisation.address { rows.append(("Address", address)) }
        if let postcode = organisation.postcode { rows.append(("Postcode", postcode)) }
        if let parent { rows.append(("Commissioned by", "\(parent.name) (\(parent.odsCode))")) }
        if let pcn { rows.append(("Primary care network", "\(pcn.name) (\(pcn.odsCode))")) }
        rows.append(("Engagements", "\(staffCount)"))
        return Layout(organisation.name, section: .organisations, request: req).render([
            .h1(.text(organisation.name)),
            Components.summaryList(rows),
        ])
    }
}
