import Foundation
import Plot

extension TryAgainLater {
    /// The "try again later" page.
    struct View {
        var model: Model
        var chrome: PageChrome

        var html: HTML {
            Layout(model.title, chrome: chrome).render([
                .div(
                    .class("narrow"),
                    .h1(.text(model.title)),
                    .div(
                        .class("notice notice--warning"), .attribute(named: "role", value: "alert"),
                        .attribute(named: "data-testid", value: "throttled"),
                        .p(.text(model.reason)), .p(.strong(.text(model.when)))
                    ),
                    .forEach(model.help) { .p(.text($0)) }
                )
            ])
        }
    }
}
