import Domain
import Foundation
import Plot

extension OrganisationShow {
    /// One organisation's details.
    struct View {
        var model: Model
        var chrome: PageChrome

        var html: HTML {
            Layout(model.organisation.name, section: .organisations, chrome: chrome).render([
                .h1(.text(model.organisation.name)),
                Components.summaryList(rows),
                .if(!model.closures.isEmpty, .group(
                    .h2(.text("Closures in core hours")),
                    .p(.class("hint"), .text("Working days on which the online form was or will be closed in core hours, with who at the ICB agreed.")),
                    .div(.class("table-wrap"), .attribute(named: "tabindex", value: "0"), .attribute(named: "role", value: "region"), .attribute(named: "aria-label", value: "Closures (scrolls sideways)"),
                         .table(.class("table"),
                                .thead(.tr(.th(.text("Day")), .th(.text("Reason")), .th(.text("Agreed by")))),
                                .tbody(.forEach(model.closures) { closure in
                                    .tr(.td(.text(closure.day.displayText)), .td(.text(closure.reason)), .td(.text(closure.agreedBy)))
                                }))))),
            ])
        }

        /// The details, label and value, in the order they are read.
        var rows: [(String, String)] {
            let organisation = model.organisation
            var rows: [(String, String)] = [
                ("ODS code", organisation.odsCode), ("Kind", organisation.kind.displayName),
                ("Status", organisation.status.displayName),
            ]
            if let address = organisation.address { rows.append(("Address", address)) }
            if let postcode = organisation.postcode { rows.append(("Postcode", postcode)) }
            if let parent = model.parent { rows.append(("Commissioned by", "\(parent.name) (\(parent.odsCode))")) }
            if let pcn = model.pcn { rows.append(("Primary care network", "\(pcn.name) (\(pcn.odsCode))")) }
            rows.append(("Engagements", "\(model.staffCount)"))
            return rows
        }
    }
}
