import Foundation
import Vapor

/// The page shown for an error: what happened and what to do next. It shows nothing from the database.
enum ErrorPage {
    struct Model: Sendable {
        /// The heading and title, from the status.
        var title: String
        /// What went wrong, in the error's own words (never an internal message: `SiteErrorMiddleware` chooses them).
        var detail: String
        /// What to do next, from the status.
        var advice: String

        /// The heading and advice that go with `status`.
        init(status: HTTPResponseStatus, detail: String) {
            switch status.code {
            case 404: (title, advice) = ("Page not found", "Check the address, or go back to the home page.")
            case 403: (title, advice) = ("You cannot open this page", "If you think you should, ask your practice manager.")
            case 401: (title, advice) = ("Sign in to continue", "Your session may have ended.")
            case 400..<500: (title, advice) = ("There is a problem with what was sent", "Go back, check what you entered and try again.")
            default:
                (title, advice) = (
                    "Sorry, there is a problem with the service", "Try again later. Nothing you entered has been half-saved."
                )
            }
            self.detail = detail
        }
    }
}
