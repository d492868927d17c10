import NIOConcurrencyHelpers
import NIOCore
import Vapor

/// Every request gets an answer within `limit` of its body having arrived: one still being worked on then is answered
/// "busy, try again" (503, as for a database that is slow or away), and its work goes on until it ends, counted among
/// the requests being answered so that shutdown waits for it. A patient's form is never left without an answer:
/// PostgresNIO can lose a query written just as PostgreSQL ends its connection, which left the handler waiting for ever
/// after the request had been stored; the form sent again is answered with that request (a form is not stored twice).
///
/// A body still arriving (a multipart upload from a phone, read later within its route's own limit) is the sender's
/// time, not the app's: such a request's deadline starts once its body is in (`CSRFMiddleware` reads it).
struct RequestDeadlineMiddleware: Middleware {
    let limit: Duration
    let requests: RequestsInFlight

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        if request.body.data == nil, request.hasBodyToCome { return next.respond(to: request) }
        return Self.answer(within: limit, counting: requests, on: request.eventLoop) { next.respond(to: request) }
    }

    /// `work`'s response, or `RequestDeadlineExceeded` once `limit` has passed (the work goes on, counted in `requests`).
    /// A timer on the request's event loop, not a task: every request passes here.
    static func answer(
        within limit: Duration, counting requests: RequestsInFlight, on eventLoop: any EventLoop,
        _ work: () -> EventLoopFuture<Response>
    ) -> EventLoopFuture<Response> {
        let abandoned = AbandonedWork(requests: requests)
        let answer = eventLoop.makePromise(of: Response.self)
        // the first of the two answers wins (both come on the event loop; the box is for callers off it)
        let answered = NIOLockedValueBox(false)
        let first = { answered.withLockedValue { done in defer { done = true }; return !done } }
        let timer = eventLoop.scheduleTask(in: TimeAmount(limit)) {
            if first() { answer.fail(abandoned.abandon()) }
        }
        work().hop(to: eventLoop).whenComplete { result in
            timer.cancel()
            abandoned.end()
            if first() { answer.completeWith(result) }
        }
        return answer.futureResult
    }
}

extension Request {
    /// Whether a body is on its way (a length above nothing, or chunks).
    var hasBodyToCome: Bool {
        if headers.contains(name: .transferEncoding) { return true }
        return (headers.first(name: .contentLength).flatMap(Int.init) ?? 0) > 0
    }
}

/// A request's work had not finished by its deadline: the service is busy, trying again is safe.
struct RequestDeadlineExceeded: Error, CustomStringConvertible {
    var description: String { "The request was not answered in time; try again." }
}

/// Whether a request's work outlived its answer: `RequestsInFlightMiddleware` stops counting the request once it is
/// answered, so work that goes on after its deadline is counted from then until it ends.
private final class AbandonedWork: Sendable {
    private enum State { case working, abandoned, ended }
    private let state = NIOLockedValueBox(State.working)
    let requests: RequestsInFlight

    init(requests: RequestsInFlight) {
        self.requests = requests
    }

    /// The deadline has passed: the work, if still going, is counted from now.
    func abandon() -> any Error {
        state.withLockedValue { state in
            guard state == .working else { return }
            state = .abandoned
            requests.begin()
        }
        return RequestDeadlineExceeded()
    }

    /// The work has ended: counted no longer, if it was counted after its deadline.
    func end() {
        let was = state.withLockedValue { state in
            defer { state = .ended }
            return state
        }
        if was == .abandoned { requests.end() }
    }
}
