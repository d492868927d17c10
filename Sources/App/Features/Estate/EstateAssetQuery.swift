import Domain
import Fluent
import Foundation
import Vapor

/// The filters of the asset list, the CSV export and the API: one query for all three, keyset-paged by tag so a
/// page costs the same at a million assets as at a hundred.
struct EstateAssetQuery: Content {
    var kind: String?
    var state: String?
    var org: String?
    /// A tag or serial, or the start of one.
    var q: String?
    /// "yes": only personal devices; "no": only the estate's own.
    var personal: String?
    /// The last tag of the previous page.
    var after: String?

    var isEmpty: Bool { [kind, state, org, q, personal].allSatisfy { ($0 ?? "").isEmpty } }

    /// Builds the query within the scope; a filter naming an organisation outside it finds nothing (404).
    func build(scope: EstateScope, on db: any Database) async throws -> QueryBuilder<EstateAsset> {
        var query = EstateAsset.query(on: db)
        if let code = org?.trimmingCharacters(in: .whitespaces), !code.isEmpty {
            let organisation = try await scope.organisation(code: code, on: db)
            query = query.filter(\.$ownerID == (try organisation.requireID()))
        } else if let visible = scope.visible {
            query = query.filter(\.$ownerID ~~ visible)
        }
        if let kind = kind.flatMap(AssetKind.parse) { query = query.filter(\.$kind == kind) }
        if let state = state.flatMap(AssetState.parse) { query = query.filter(\.$state == state) }
        if personal == "yes" { query = query.filter(\.$personal == true) }
        if personal == "no" { query = query.filter(\.$personal == false) }
        if let text = q?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            query = query.group(.or) { $0.filter(\.$tag, .custom("LIKE"), text + "%").filter(\.$serial == text) }
        }
        if let after, !after.isEmpty { query = query.filter(\.$tag > after) }
        return query.sort(\.$tag)
    }

    /// The query string for these filters, with `after` replaced; every value percent-encoded but for the unreserved
    /// characters of RFC 3986, so that it is safe in an attribute as written.
    func queryString(after: String?) -> String {
        var items: [String] = []
        for (name, value) in [("kind", kind), ("state", state), ("org", org), ("q", q), ("personal", personal), ("after", after)] {
            guard let value, !value.isEmpty else { continue }
            items.append(name + "=" + (value.addingPercentEncoding(withAllowedCharacters: Self.unreserved) ?? ""))
        }
        return items.isEmpty ? "" : "?" + items.joined(separator: "&amp;")
    }

    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
}

extension AssetRow {
    /// Assets as CSV rows (the export and the API), with their owners' codes and people's emails read in two queries.
    static func load(_ assets: [EstateAsset], on db: any Database) async throws -> [AssetRow] {
        let organisations = try await Organisation.query(on: db).filter(\.$id ~~ Set(assets.map(\.ownerID))).all()
        let codes = Dictionary(organisations.compactMap { org in org.id.map { ($0, org.odsCode) } }, uniquingKeysWith: { a, _ in a })
        let people = try await Person.query(on: db).filter(\.$id ~~ Set(assets.compactMap(\.personID))).all()
        let emails = Dictionary(people.compactMap { person in person.id.map { ($0, person.email) } }, uniquingKeysWith: { a, _ in a })
        return assets.map { $0.row(ownerODS: codes[$0.ownerID] ?? "", personEmail: $0.personID.flatMap { emails[$0] }) }
    }
}
