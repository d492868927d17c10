import Foundation
import Plot

extension ErrorPage {
    /// What happened and what to do next, with a way home.
    struct View {
        var model: Model
        var chrome: PageChrome

        var html: HTML {
            Layout(model.title, chrome: chrome).render([
                .h1(.text(model.title)),
                .p(.attribute(named: "data-testid", value: "error-detail"), .text(model.detail)),
                .p(.text(model.advice)),
                .p(.a(.href(SiteURL.home.path), .text("Go to the home page"))),
            ])
        }
    }
}
