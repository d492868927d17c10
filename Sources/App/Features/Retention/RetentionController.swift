import Fluent
import Foundation
import Plot
import Vapor

/// The page that says what is kept how long.
enum RetentionController {
    @Sendable static func show(req: Request) async throws -> HTML {
        let model = try await RetentionShow.Model.load(config: req.application.appConfig.retention, for: try req.staff, on: req.db)
        return RetentionShow.View(model: model, chrome: req.pageChrome).html
    }
}
