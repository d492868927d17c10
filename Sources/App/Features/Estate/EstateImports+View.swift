import Domain
import Foundation
import Plot

extension EstateImports {
    /// The upload form with recent imports.
    struct View {
        var model: Model
        var chrome: PageChrome

        var html: HTML {
            let recent = model.recent
            let errors = model.errors
            let layout = Layout("Import assets", section: .estate, chrome: chrome)
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
                        "file", label: "CSV file", type: .file, errors: errors, extra: [.attribute(named: "accept", value: "text/csv,.csv")]
                    ),
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
                                    .text("\(EstateFormat.when(record.createdAt)) – \(record.fileName) – \(record.status)")))
                        }),
            ])
        }
    }
}
