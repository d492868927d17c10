import FluentSQLiteDriver  // SQLiteError, from SQLiteNIO
import Foundation
import Plot
import PostgresNIO
import Vapor

/// Turns every error into something a person can act on: an HTML page that says what to do next,
/// or problem+json under /api. Never a stack trace, never an internal message.
struct SiteErrorMiddleware: Middleware {
    let environment: Environment

    struct Problem: Content {
        var type: String
        var title: String
        var status: UInt
        var detail: String
        var errors: [FieldProblem]?
    }

    struct FieldProblem: Content {
        var field: String
        var message: String
    }

    // on the event loop rather than async: every request passes here
    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        next.respond(to: request).flatMapErrorThrowing { error in
            let (status, detail, fields) = describe(error)
            let response = try answer(request, status: status, detail: detail, fields: fields, error: error)
            if status == .serviceUnavailable { response.headers.replaceOrAdd(name: .retryAfter, value: Self.busyRetryAfter) }
            return response
        }
    }

    /// The error page, or problem+json under /api, logged when it is the site's fault.
    private func answer(
        _ request: Request, status: HTTPResponseStatus, detail: String, fields: [FieldProblem]?, error: any Error
    ) throws -> Response {
        if status.code >= 500 {
            // the default level names the error's type and constraint; its values (a patient's row) only at debug
            request.logger.error("Request failed", metadata: ["error": "\(LoggedError(error))"])
            request.logger.debug("Request failed in full", metadata: ["error": "\(String(reflecting: error))"])
        }
        if request.url.path.hasPrefix("/api/") {
            // every API body is JSON; Vapor's own words for a missing or unknown content type do not say so
            let said = status == .unsupportedMediaType ? "Send the body as JSON, with the header Content-Type: application/json." : detail
            let response = problemResponse(status: status, detail: said, fields: fields)
            // an API client learns from WWW-Authenticate why its token was refused (RFC 6750)
            if let authenticate = (error as? any AbortError)?.headers.first(name: .wwwAuthenticate) {
                response.headers.replaceOrAdd(name: .wwwAuthenticate, value: authenticate)
            }
            return response
        }
        let page = ErrorPage.View(model: .init(status: status, detail: detail), chrome: request.pageChrome).html
        return .page(page, status: status)
    }

    private func describe(_ error: any Error) -> (HTTPResponseStatus, String, [FieldProblem]?) {
        if let validation = error as? ValidationProblem {
            return (.unprocessableEntity, validation.summary, validation.errors.map { FieldProblem(field: $0.field, message: $0.message) })
        }
        if let decoding = error as? DecodingError {
            return (.badRequest, "The request could not be read: \(Self.describe(decoding))", nil)
        }
        if error is ConnectionPoolTimeoutError || error is BatchWriteTimeout || error is RequestDeadlineExceeded
            || Self.databaseUnreachable(error)
        {
            return (.serviceUnavailable, Self.busy, nil)
        }
        if let abort = error as? any AbortError {
            let reason = abort.status.code >= 500 ? "Something went wrong on our side. Try again in a minute." : abort.reason
            return (abort.status, reason, nil)
        }
        return (.internalServerError, "Something went wrong on our side. Try again in a minute; if it keeps happening, tell your practice manager.", nil)
    }

    /// A request that waited too long for the database: the service is busy, not broken, and trying again is safe (a
    /// form sent again is not stored twice).
    static let busy = "The service is very busy just now. Wait a minute and try again; anything you send again is not stored twice."

    /// Whether `error` says PostgreSQL could not be reached or went away (restarting, shutting down, the connection
    /// refused or cut), or SQLite's disk is full: the service is unavailable for a while, and trying again is safe, as
    /// for a busy answer.
    static func databaseUnreachable(_ error: any Error) -> Bool {
        // SQLite's disk is full: nothing can be written until space returns, and what was confirmed is kept
        if let sqlite = error as? SQLiteError { return sqlite.reason == .full }
        guard let postgres = error as? PSQLError else { return false }
        switch postgres.code {
        case .connectionError, .serverClosedConnection, .uncleanShutdown, .poolClosed:
            return true
        case .clientClosedConnection:
            // a query sent on a pooled connection the driver was closing, as PostgreSQL had just ended its session
            return true
        case .server:
            // class 08: connection exception; 57P01–57P03: administrator or crash shutdown, cannot connect now
            let state = postgres.serverInfo?[.sqlState] ?? ""
            return state.hasPrefix("08") || ["57P01", "57P02", "57P03"].contains(state)
        default:
            return false
        }
    }

    /// How long a client is asked to wait before trying again after a busy answer.
    static let busyRetryAfter = "30"

    static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, _): "the field \(key.stringValue) is missing."
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            "the field \(context.codingPath.map(\.stringValue).joined(separator: ".")) has the wrong type."
        case .dataCorrupted: "it is not well-formed."
        @unknown default: "it is not well-formed."
        }
    }

    private func problemResponse(status: HTTPResponseStatus, detail: String, fields: [FieldProblem]?) -> Response {
        let problem = Problem(type: "about:blank", title: status.reasonPhrase, status: status.code, detail: detail, errors: fields)
        var headers = HTTPHeaders()
        headers.add(name: .contentType, value: "application/problem+json")
        let body = (try? JSONEncoder().encode(problem)) ?? Data()
        return Response(status: status, headers: headers, body: .init(data: body))
    }
}

/// Bad input found while checking a form or an API body: every field with its message.
struct ValidationProblem: Error, Sendable {
    var errors: [FormError]
    var summary: String { errors.map(\.message).joined(separator: " ") }
}
