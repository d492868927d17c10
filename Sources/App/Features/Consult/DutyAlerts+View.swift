import Domain
import Foundation
import Plot

extension DutyAlerts {
    /// The alerts that still need someone: reference, why, when, and what became of the email.
    struct View {
        var model: Model
        var chrome: PageChrome

        var html: HTML {
            Layout("Duty alerts", section: .consult, chrome: chrome).render([
                .p(.a(.href(SiteURL.consult.path), .text("Back to the queue"))),
                .h1(.text("Duty alerts")),
                .p(.text(
                    model.dutyClinician.map { "Duty clinician: \($0). " } ?? "No duty clinician is named, so alerts are shown here and on the queue but emailed to nobody. ")),
                .p(.class("hint"), .text("An alert goes when an urgent request is unclaimed \(model.minutes) minutes into opening hours, when a reply is due within the hour, or when an urgent request arrives while the practice is closed. Each request is alerted once for each reason. "),
                   .a(.href(SiteURL.consultSettings.path + "#duty"), .text("Change these settings"))),
                .if(model.alerts.isEmpty, .p(.attribute(named: "data-testid", value: "no-duty-alerts"), .text("No request needs the duty clinician now."))),
                .if(!model.alerts.isEmpty, .div(
                    .class("table-wrap"), .attribute(named: "tabindex", value: "0"), .attribute(named: "role", value: "region"), .attribute(named: "aria-label", value: "Duty alerts (scrolls sideways)"),
                    .table(
                        .class("table"), .attribute(named: "data-testid", value: "duty-alerts"),
                        .thead(.tr(.th(.text("Reference")), .th(.text("Why")), .th(.text("Alerted")), .th(.text("Reply by")), .th(.text("Email")))),
                        .tbody(.forEach(model.alerts) { current in
                            .tr(
                                .td(.a(.href(SiteURL.triageRequest(id: current.requestID).path), .text(current.reference))),
                                .td(.text(current.alert.reason.displayName)),
                                .td(.text(UKTime.shortStamp(current.alert.alertedAt))),
                                .td(.unwrap(ReplyByMark.mark(replyBy: current.replyBy, now: model.now, isClosed: false)) { .group(.span(.class($0 == .overdue ? "tag tag--red" : "tag tag--amber"), .text($0.displayName)), .text(" ")) },
                                    .text(UKTime.shortStamp(current.replyBy))),
                                .td(.text(Self.emailText(current.alert)))
                            )
                        })
                    )
                )),
            ])
        }

        static func emailText(_ alert: DutyAlert) -> String {
            switch alert.emailStatus {
            case .queued: "Being sent"
            case .sent: "Sent to \(alert.recipient ?? "the duty clinician")"
            case .failed: "Could not be sent"
            case .noClinician: "Nobody named"
            }
        }
    }
}
