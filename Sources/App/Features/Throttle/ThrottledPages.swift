import Domain
import Foundation
import Plot
import Vapor

extension Response {
    /// 429 with `Retry-After` in whole seconds.
    static func tooManyRequests(_ html: HTML, retryAfter seconds: Int) -> Response {
        let response = Response.page(html, status: .tooManyRequests)
        response.headers.replaceOrAdd(name: .retryAfter, value: "\(seconds)")
        return response
    }
}

extension ThrottleRefusal {
    /// What a patient who must wait is told, word for word, wherever they are.
    static let patientHelp = "If you need help today, call your practice. If it is urgent call NHS 111, in an emergency call 999."

    /// The 429 answer: a page saying when to try again, or problem+json under /api.
    func response(for req: Request) -> Response {
        guard !req.url.path.hasPrefix("/api/") else {
            let problem = SiteErrorMiddleware.Problem(
                type: "about:blank", title: "Too Many Requests", status: 429, detail: "\(wording.1[0]) \(advice.sentence(now: now))")
            let response = Response(status: .tooManyRequests, body: .init(data: (try? JSONEncoder().encode(problem)) ?? Data()))
            response.headers.replaceOrAdd(name: .contentType, value: "application/problem+json")
            response.headers.replaceOrAdd(name: .retryAfter, value: "\(retryAfterSeconds)")
            return response
        }
        let page = TryAgainLater.View(model: tryAgainLater, chrome: req.pageChrome).html
        return .tooManyRequests(page, retryAfter: retryAfterSeconds)
    }

    /// What the "try again later" page says for this refusal.
    var tryAgainLater: TryAgainLater.Model {
        let (title, lines) = wording
        return TryAgainLater.Model(title: title, reason: lines[0], when: advice.sentence(now: now), help: Array(lines.dropFirst()))
    }

    /// The page's heading and paragraphs for this purpose.
    private var wording: (String, [String]) {
        switch purpose {
        case .signInPassword, .signInCode:
            return (
                "Too many sign-in attempts",
                [
                    "There have been too many attempts to sign in from your network or to this account, so signing in is paused for a short while.",
                    "If you cannot wait, ask your practice manager to help.",
                ]
            )
        case .invitation:
            return (
                "Too many attempts",
                [
                    "There have been too many attempts to accept invitations from your network, so this is paused for a short while.",
                    "Your invitation still works. If you cannot wait, ask the practice manager who invited you.",
                ]
            )
        case .replyCheck:
            return (
                "Please wait before trying again",
                [
                    "There have been too many date of birth checks from your device or network, so they are paused for a short while. Nothing has been sent to the practice yet.",
                    Self.patientHelp,
                ]
            )
        case .patientRequest:
            return (
                "Your request has not been sent",
                [
                    "We have had a lot of requests from your device or network, so we have paused online requests from it for a short while.",
                    Self.patientHelp,
                ]
            )
        }
    }

    /// Above a patient's form, kept as they filled it in: it was not sent, when to send it, whom to call meanwhile.
    func requestNotSentNotice(practice: Organisation, hadPhotos: Bool) -> Node<HTML.BodyContext> {
        .div(
            .class("notice notice--warning"), .attribute(named: "role", value: "alert"),
            .attribute(named: "data-testid", value: "throttled"),
            .h2(.text("Your request has not been sent")),
            .p(
                .text(
                    "We have had a lot of requests from your device or network, so we have paused online requests from it for a short while. What you wrote is still below."
                )),
            .p(.strong(.text(advice.sentence(now: now)))),
            .if(hadPhotos, .p(.text("Photos are not kept: add them again when you send it."))),
            .p(.text(Self.patientHelp)),
            .unwrap(practice.telephone) { .p(.text("\(practice.name): \($0).")) }
        )
    }
}
