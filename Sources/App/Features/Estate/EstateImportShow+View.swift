import Domain
import Foundation
import Plot

extension EstateImportShow {
    /// One import's progress and the rows it refused.
    struct View {
        var model: Model
        var chrome: PageChrome

        var html: HTML {
            let record = model.record
            let errors = model.rejected
            let running = model.running
            let layout = Layout("Import \(record.fileName)", section: .estate, chrome: chrome)
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
                                : "Import \(record.status).")),
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
}
