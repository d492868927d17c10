import Domain
import Fluent
import Foundation
import Plot
import Vapor

/// The import pages: the upload form with recent imports, and one import's progress.
enum EstateImportPages {
    static func index(req: Request, staff: StaffContext, error: String?) async throws -> HTML {
        let recent = try await EstateImport.query(on: req.db).filter(\.$organisationID == staff.actingOrganisation.requireID())
            .sort(\.$createdAt, .descending).limit(20).all()
        let layout = Layout("Import assets", section: .estate, request: req)
        let errors = error.map { [FormError(field: "file", message: $0)] } ?? []
        return layout.render([
            .p(.a(.href(SiteURL.estate.path), .text("Digital estate"))),
            .h1(.text("Import assets from CSV")),
            .p(
                .text(
                    "The first line names the columns: \(AssetCSV.header.joined(separator: ", ")). Rows are matched by tag, so importing the same file again changes nothing."
                )),
            .p(.a(.href(SiteURL.estateAssetsCSV.path), .text("Download the current assets in this format"))),
            Components.errorSummary(errors),
            .form(
                .action(SiteURL.estateImports.path), .method(.post), .enctype(.multipartData), Components.csrfField(layout.csrf),
                Components.field(
                    "file", label: "CSV file", type: .file, errors: errors, extra: [.attribute(named: "accept", value: "text/csv,.csv")]),
                .button(.type(.submit), .class("button"), .text("Import"))
            ),
            .h2(.text("Recent imports")),
            recent.isEmpty
                ? .p(.text("None yet."))
                : .ul(
                    .forEach(recent) { record in
                        .li(
                            .a(
                                .href(SiteURL.estateImport(id: record.id!).path),
                                .text("\(EstateFormat.when(record.createdAt)) – \(record.fileName) – \(record.status.rawValue)")))
                    }),
        ])
    }

    static func progress(_ record: EstateImport, errors: [EstateImportRejectedLine], req: Request) -> HTML {
        let layout = Layout("Import \(record.fileName)", section: .estate, request: req)
        let running = record.status == .running
        return layout.render([
            .p(.a(.href(SiteURL.estateImports.path), .text("All imports"))),
            .h1(.text("Import of \(record.fileName)")),
            .div(
                .attribute(named: "role", value: "status"), .attribute(named: "aria-live", value: "polite"), .id("import-progress"),
                .element(
                    named: "progress",
                    nodes: [
                        .attribute(named: "max", value: "\(max(record.totalRows, 1))"),
                        .attribute(named: "value", value: "\(record.processedRows)"),
                        .attribute(named: "aria-label", value: "Rows processed"),
                    ]),
                .p(
                    .text(
                        running
                            ? "Importing: \(record.processedRows) of \(record.totalRows) rows read. This page refreshes until it ends."
                            : "Import \(record.status.rawValue).")),
                Components.summaryList([
                    ("Rows", "\(record.totalRows)"), ("Created", "\(record.createdCount)"), ("Updated", "\(record.updatedCount)"),
                    ("Unchanged", "\(record.unchangedCount)"), ("Refused", "\(record.errorCount)"),
                ]),
                .unwrap(record.failure) { .p(.class("notice notice--danger"), .text($0)) }
            ),
            .h2(.text("Rows refused")),
            errors.isEmpty
                ? .p(.text("None."))
                : .ul(.id("import-errors"), .forEach(errors) { .li(.text($0.message)) }),
            .if(
                record.errorCount > errors.count,
                .p(.text("The first \(errors.count) of \(record.errorCount) are shown; correct them and import the file again."))),
        ])
    }
}
