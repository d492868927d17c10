import Fluent
import Foundation
import Plot
import Vapor

/// The audit trail's page: decode the search, load it, record that it was searched, render it.
enum AuditController {
    @Sendable static func search(req: Request) async throws -> HTML {
        let query = try req.query.decode(AuditSearch.Query.self)
        let model = try await AuditSearch.Model.load(query, for: try req.staff, on: req.db)
        try await req.audit(
            .auditSearched,
            detail: [query.personText.isEmpty ? nil : "person", query.recordText.isEmpty ? nil : "record"].compactMap { $0 }
                .joined(separator: ","))
        return AuditSearch.View(model: model, chrome: req.pageChrome).html
    }
}
