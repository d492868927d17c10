import Domain
import Fluent
import Foundation
import Plot
import Vapor

/// The monthly activity page and its CSV download; both are recorded in the audit trail.
enum ActivityController {
    @Sendable static func show(req: Request) async throws -> HTML {
        let model = try await ActivityShow.Model.load(try req.query.decode(ActivityShow.Query.self), for: try req.staff, on: req.db)
        try await req.audit(.activityExported, recordType: "activity", recordID: "\(model.month)", detail: "page: \(model.codes)")
        return ActivityShow.View(model: model, chrome: req.pageChrome).html
    }

    @Sendable static func csv(req: Request) async throws -> Response {
        let model = try await ActivityShow.Model.load(try req.query.decode(ActivityShow.Query.self), for: try req.staff, on: req.db)
        try await req.audit(.activityExported, recordType: "activity", recordID: "\(model.month)", detail: "csv: \(model.codes)")
        let text = ActivityCSV.document(model.lines.map { ($0.practice.odsCode, $0.practice.name, $0.activity) })
        let response = Response(status: .ok, body: .init(string: text))
        response.headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        let name = "activity-\(model.chosen ?? model.acting.odsCode)-\(model.month).csv"
        response.headers.contentDisposition = .init(.attachment, filename: name)
        return response
    }
}
