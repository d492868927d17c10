import Domain
import Vapor

/// A refusal in the estate's words; each says what to do next.
struct EstateError: AbortError, DebuggableError {
    var status: HTTPResponseStatus
    var reason: String
    var identifier: String { "estate" }

    static func refused(_ reason: String) -> EstateError { EstateError(status: .conflict, reason: reason) }
    static func notAllowed(_ reason: String) -> EstateError { EstateError(status: .forbidden, reason: reason) }
    static func invalid(_ reason: String) -> EstateError { EstateError(status: .unprocessableEntity, reason: reason) }
}
