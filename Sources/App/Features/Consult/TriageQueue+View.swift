import Domain
import Foundation
import Plot

extension TriageQueue {
    /// The queue page: filters, counts, and the list, which also goes alone to the live update.
    struct View {
        var model: Model
        var chrome: PageChrome

        var html: HTML {
            let filters = model.filters
            let layout = Layout("Triage queue", section: .consult, chrome: chrome)
            return layout.render([
                .h1(.text("Triage queue")),
                .if(model.settingsUnreadable, .div(
                    .class("notice notice--danger"), .attribute(named: "role", value: "alert"), .attribute(named: "data-testid", value: "settings-unreadable"),
                    .p(.strong(.text("Patients cannot send requests: the practice's online request settings could not be read."))),
                    .p(.text("They see an error page telling them to call the practice, 111 or 999. A practice manager can put it right on "),
                       .a(.href(SiteURL.consultSettings.path), .text("Online request settings")), .text(" by checking the hours and saving.")))),
                .p(.a(.href(SiteURL.videoConsultations.path), .text("Video consultations")), .text(" · "),
                   .a(.href(SiteURL.outbox.path), .text("Messages sent from the outbox")), .text(" · "),
                   .a(.href(SiteURL.consultSettings.path), .text("Online request settings")),
                   .if(model.canViewActivity, .group(.text(" · "), .a(.href(SiteURL.activity.path), .text("Monthly activity figures")))),
                   .if(model.canViewRetention, .group(.text(" · "), .a(.href(SiteURL.retention.path), .text("How long data is kept"))))),
                .form(
                    .class("filters"), .action(SiteURL.consult.path), .method(.get),
                    .div(Components.select("status", label: "Status", options: [("open", "Open"), ("all", "All")] + TriageStatus.allCases.map { ($0.rawValue, $0.displayName) }, selected: filters.status ?? "open")),
                    .div(Components.select("kind", label: "Type", options: [("", "Any")] + RequestKind.allCases.map { ($0.rawValue, $0.displayName) }, selected: filters.kind)),
                    .div(Components.select("urgency", label: "Urgency", options: [("", "Any")] + Urgency.allCases.map { ($0.rawValue, $0.displayName) }, selected: filters.urgency)),
                    .div(Components.select("flagged", label: "Red flags", options: [("", "Any"), ("yes", "Red flags only")], selected: filters.flagged)),
                    .div(Components.select("mine", label: "Assigned", options: [("", "Anyone"), ("yes", "To me")], selected: filters.mine)),
                    .div(Components.select("olderThanDays", label: "Waiting (opening hours)", options: [("", "Any time"), ("1", "Over a working day"), ("2", "Over 2 working days"), ("5", "Over 5 working days")], selected: filters.olderThanDays.map(String.init))),
                    .button(.type(.submit), .class("button button--secondary"), .text("Filter"))
                ),
                .p(.id("queue-live"), .class("hint"), .attribute(named: "role", value: "status"), .attribute(named: "aria-live", value: "polite"),
                   .text("This list updates by itself. "), .a(.href(SiteURL.consult.path), .text("Refresh"))),
                // shown by queue.js while the live connection is down
                .div(.id("queue-stopped"), .class("notice notice--danger"), .attribute(named: "role", value: "status"), .attribute(named: "hidden", value: "hidden"),
                     .attribute(named: "data-testid", value: "live-stopped"),
                     .p(.strong(.text("Live updates have stopped — reload the page")), .text(" to see new requests. "), .a(.href(SiteURL.consult.path), .text("Reload")))),
                .div(.id("queue-results"), .data(named: "events", value: SiteURL.queueEvents.path), results),
                layout.script(.queueScript),
            ])
        }

        /// The list of requests and the flood notices: the part the live update replaces.
        var results: Node<HTML.BodyContext> {
            let now = model.now
            let requests = model.requests
            let assigneeNames = model.assigneeNames
            let floods = model.floods
            let flooding = Set(floods.map(\.clientDigest))
            let counts = model.counts
            return .div(
                // the counts live here, so that the live update keeps them true
                .ul(.class("counts"), .attribute(named: "data-testid", value: "status-counts"), .forEach(TriageStatus.allCases.filter { $0 != .closed }) { status in
                    .li(.a(.href(SiteURL.consult.path + "?status=\(status.rawValue)"), .text("\(status.displayName): \(counts[status] ?? 0)")))
                }),
                .forEach(floods) { flood in
                    .div(
                        .class("notice notice--warning"), .attribute(named: "role", value: "status"), .attribute(named: "data-testid", value: "possible-flood"),
                        .p(.strong(.text(flood.notice))),
                        .p(.text("Each of them is in the queue, marked Possible flood. Some may be genuine (a care home, a shared network), so check each one before acting on it."))
                    )
                },
                dutyAlertBanner,
                .p(.attribute(named: "data-testid", value: "queue-count"), .text("\(model.matching) request\(model.matching == 1 ? "" : "s")")),
                pageRange,
                .div(
                    .class("table-wrap"), .attribute(named: "tabindex", value: "0"), .attribute(named: "role", value: "region"), .attribute(named: "aria-label", value: "Requests (scrolls sideways)"),
                    .table(
                        .class("table"), .attribute(named: "data-testid", value: "queue"),
                        .thead(.tr(.th(.text("Reference")), .th(.text("Patient")), .th(.text("Type")), .th(.text("Urgency")), .th(.text("Status")), .th(.text("Received")), .th(.text("Reply by")), .th(.text("Assigned")))),
                        .tbody(.forEach(requests) { request in
                            .tr(
                                .class(request.redFlagged ? "row--flagged" : ""),
                                .td(
                                    .if(request.redFlagged, .span(.class("tag tag--red"), .text("Red flag"))),
                                    .if(flooding.contains(request.clientDigest ?? ""), .group(.span(.class("tag"), .text("Possible flood")), .text(" "))),
                                    .a(.href(request.id.map { SiteURL.triageRequest(id: $0).path } ?? "#"), .text(request.reference))
                                ),
                                .td(
                                    .text(request.patientName),
                                    .if(!request.identityConfirmed, .group(.text(" "), .span(.class("tag"), .text("Identity not verified"))))
                                ),
                                .td(.text(request.kind.displayName)),
                                .td(.text(request.urgency.displayName)),
                                .td(.text(request.status.displayName)),
                                .td(.text(UKTime.shortStamp(request.receivedAt))),
                                .td(
                                    .unwrap(ReplyByMark.mark(replyBy: request.replyBy, now: now, isClosed: request.status == .closed)) { mark in
                                        .group(.span(.class(mark == .overdue ? "tag tag--red" : "tag tag--amber"), .attribute(named: "data-testid", value: "reply-mark"), .text(mark.displayName)), .text(" "))
                                    },
                                    .text(UKTime.shortStamp(request.replyBy))
                                ),
                                .td(.text(request.assigneeID.flatMap { assigneeNames[$0] } ?? "–"))
                            )
                        })
                    )
                )
            )
        }
    }
}
