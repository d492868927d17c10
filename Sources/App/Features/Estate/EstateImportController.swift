import Domain
import Fluent
import Foundation
import Plot
import Vapor

/// CSV import of assets: upload, then a page showing progress and the rows refused, by line.
enum EstateImportController {
    @Sendable static func index(req: Request) async throws -> HTML {
        try await page(req: req, error: nil)
    }

    /// The upload form with recent imports: load, render.
    static func page(req: Request, error: String?) async throws -> HTML {
        let model = try await EstateImports.Model.load(error: error, for: try req.staff, on: req.db)
        return EstateImports.View(model: model, chrome: req.pageChrome).html
    }

    struct Upload: Content {
        var file: File
    }

    @Sendable static func upload(req: Request) async throws -> Response {
        let staff = try req.staff
        try staff.require(.manageEstate)
        guard let upload = try? req.content.decode(Upload.self), upload.file.data.readableBytes > 0 else {
            return try await page(req: req, error: "Choose a CSV file to import.")
                .encodeResponse(status: .unprocessableEntity, for: req)
        }
        guard let text = upload.file.data.getString(at: upload.file.data.readerIndex, length: upload.file.data.readableBytes) else {
            return try await page(req: req, error: "The file is not text in UTF-8; save it as CSV UTF-8 and try again.")
            .encodeResponse(status: .unprocessableEntity, for: req)
        }
        let id = try await start(text, fileName: upload.file.filename, staff: staff, app: req.application, db: req.db)
        try await req.audit(.estateImported, recordType: "estate_import", recordID: id.uuidString, detail: upload.file.filename)
        return req.redirect(to: SiteURL.estateImport(id: id).path, redirectType: .normal)
    }

    /// Records the import and runs it in the background; the caller shows its page at once.
    static func start(_ text: String, fileName: String, staff: StaffContext, app: Application, db: any Database) async throws -> UUID {
        let record = EstateImport(
            byID: try staff.person.requireID(), organisationID: try staff.actingOrganisation.requireID(), fileName: fileName, at: Date())
        try await db.writeTransaction { try await record.create(on: $0) }
        let id = try record.requireID()
        let importer = EstateImporter(db: db, scope: try await EstateScope.load(for: staff, on: db), byID: try staff.person.requireID())
        app.estateWork.start { await importer.run(text, importID: id) }
        return id
    }

    @Sendable static func show(req: Request) async throws -> Response {
        let staff = try req.staff
        try staff.require(.manageEstate)
        let model = try await EstateImportShow.Model.load(try req.uuidParameter(.importID), for: staff, on: req.db)
        let response = try await EstateImportShow.View(model: model, chrome: req.pageChrome).html.encodeResponse(for: req)
        if model.running { response.headers.replaceOrAdd(name: "Refresh", value: "2") }
        return response
    }
}

extension Application {
    private struct EstateWorkKey: StorageKey { typealias Value = BackgroundWork }

    /// Imports running in the background; shutdown waits for them.
    var estateWork: BackgroundWork {
        get { storage[EstateWorkKey.self]! }
        set { storage[EstateWorkKey.self] = newValue }
    }
}
