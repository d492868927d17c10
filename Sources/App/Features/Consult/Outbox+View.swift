import Domain
import Foundation
import Plot

extension Outbox {
    /// The messages as the patients would have had them, each with when, how and to whom.
    struct View {
        var model: Model
        var chrome: PageChrome

        var html: HTML {
            return Layout("Outbox", section: .consult, chrome: chrome).render([
                .h1(.text("Outbox")),
                .p(
                    .text(
                        "With the outbox transport (the demo's), messages are not sent anywhere: they appear here, links and all. In production GOV.UK Notify sends them."
                    )),
                .ul(
                    .class("messages"), .attribute(named: "data-testid", value: "outbox"),
                    .forEach(model.messages) { message in
                        .li(
                            .class("message"),
                            .p(
                                .class("hint"),
                                .text(
                                    "\(UKTime.shortStamp(message.createdAt)) by \(message.channel == .sms ? "text" : "email") to \(message.recipient ?? "")"
                                )),
                            .p(.group(Self.linked(message.body))))
                    }),
                .if(!model.staffEmails.isEmpty, .h2(.text("Emails to staff"))),
                .if(!model.staffEmails.isEmpty, .ul(
                    .class("messages"), .attribute(named: "data-testid", value: "outbox-staff"),
                    .forEach(model.staffEmails) { email in
                        .li(
                            .class("message"),
                            .p(.class("hint"), .text("\(UKTime.shortStamp(email.alertedAt)) by email to \(email.recipient ?? "")")),
                            .p(.group(Self.linked(email.body))))
                    })),
            ])
        }

        /// The message text with http(s) links made clickable; everything else stays text.
        static func linked(_ body: String) -> [Node<HTML.BodyContext>] {
            var nodes: [Node<HTML.BodyContext>] = []
            var words: [String] = []
            func flush() {
                if !words.isEmpty { nodes.append(.text(words.joined(separator: " ") + " ")); words = [] }
            }
            for word in body.split(separator: " ", omittingEmptySubsequences: false).map(String.init) {
                if word.hasPrefix("http://") || word.hasPrefix("https://") {
                    flush()
                    nodes.append(.a(.href(Components.attributeSafe(word)), .text(word)))
                    nodes.append(.text(" "))
                } else {
                    words.append(word)
                }
            }
            flush()
            return nodes
        }
    }
}
