import Domain
import Foundation
import Plot

extension TriageQueue.View {
    /// "Duty alert" notices for the requests the duty clinician was alerted about and that still need someone.
    var dutyAlertBanner: Node<HTML.BodyContext> {
        let alerts = model.dutyAlerts
        return .if(
            !alerts.isEmpty,
            .div(
                .class("notice notice--danger"), .attribute(named: "role", value: "alert"), .attribute(named: "data-testid", value: "duty-alert"),
                .p(.strong(.text("Duty alert: ")),
                   .text(alerts.count == 1 ? "1 request needs someone now. " : "\(alerts.count) requests need someone now. "),
                   .a(.href(SiteURL.dutyAlerts.path), .text("All duty alerts"))),
                .ul(.forEach(alerts.prefix(5)) { current in
                    .li(.a(.href(SiteURL.triageRequest(id: current.requestID).path), .text(current.reference)),
                        .text(": \(current.alert.reason.displayName) (alerted \(UKTime.clock(current.alert.alertedAt)))"))
                })
            )
        )
    }

    /// "Showing 51–100 of 734" with previous and next links that keep the filters; nothing when one page holds all.
    var pageRange: Node<HTML.BodyContext> {
        let total = model.matching
        let page = model.page
        let size = TriageQueue.pageSize
        guard total > size || page > 1 else { return .empty }
        let first = total == 0 ? 0 : min((page - 1) * size + 1, total)
        let last = min(page * size, total)
        return .nav(
            .class("pager"), .attribute(named: "aria-label", value: "Pages of the queue"),
            .p(.attribute(named: "data-testid", value: "queue-range"), .text("Showing \(first)–\(last) of \(total)")),
            .if(page > 1, .a(.href(Components.attributeSafe(link(page: page - 1))), .attribute(named: "rel", value: "prev"), .text("Previous page"))),
            .if(page > 1 && last < total, .text(" · ")),
            .if(last < total, .a(.href(Components.attributeSafe(link(page: page + 1))), .attribute(named: "rel", value: "next"), .text("Next page")))
        )
    }

    /// The queue's address for `page` with the same filters.
    func link(page: Int) -> String {
        let f = model.filters
        let pairs: [(String, String?)] = [
            ("status", f.status), ("kind", f.kind), ("urgency", f.urgency), ("flagged", f.flagged), ("mine", f.mine),
            ("olderThanDays", f.olderThanDays.map(String.init)), ("page", page > 1 ? String(page) : nil),
        ]
        var components = URLComponents()
        components.path = SiteURL.consult.path
        let items = pairs.compactMap { name, value in value.flatMap { $0.isEmpty ? nil : URLQueryItem(name: name, value: $0) } }
        components.queryItems = items.isEmpty ? nil : items
        return components.string ?? SiteURL.consult.path
    }
}
