import Domain
import Foundation
import Plot

extension OrganisationList {
    /// The list of visible organisations, with the search form.
    struct View {
        var model: Model
        var chrome: PageChrome

        var html: HTML {
            let total = model.total
            return Layout("Organisations", section: .organisations, chrome: chrome).render([
                .h1(.text("Organisations")),
                .form(
                    .class("filters"), .action(SiteURL.organisations.path), .method(.get),
                    .div(Components.field("q", label: "Name or ODS code", value: model.search)),
                    .button(.type(.submit), .class("button button--secondary"), .text("Search"))
                ),
                .p(.attribute(named: "role", value: "status"), .text("\(total) organisation\(total == 1 ? "" : "s")")),
                .div(
                    .class("table-wrap"), .attribute(named: "tabindex", value: "0"), .attribute(named: "role", value: "region"),
                    .attribute(named: "aria-label", value: "Organisations (scrolls sideways)"),
                    .table(
                        .class("table"),
                        .thead(.tr(.th(.text("Name")), .th(.text("ODS code")), .th(.text("Kind")), .th(.text("Postcode")))),
                        .tbody(
                            .forEach(model.organisations) { org in
                                .tr(
                                    .td(.a(.href(SiteURL.organisation(ods: org.odsCode).path), .text(org.name))),
                                    .td(.text(org.odsCode)), .td(.text(org.kind.displayName)), .td(.text(org.postcode ?? ""))
                                )
                            }
                        )
                    )
                ),
                .if(total > model.page * OrganisationList.pageSize, .a(.href(nextPage), .text("Next page"))),
            ])
        }

        /// The same search, one page on.
        private var nextPage: String {
            let search = model.search.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            return SiteURL.organisations.path + "?page=\(model.page + 1)&q=\(search)"
        }
    }
}
