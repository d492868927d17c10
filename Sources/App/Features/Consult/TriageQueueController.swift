import Domain
import Fluent
import Foundation
import NIOCore
import Plot
import Prometheus
import Vapor

/// The shared triage queue of the acting organisation, live over server-sent events.
enum TriageQueueController {
    /// The queue page, or with `fragment=results` its list alone (the live update asks for it); each is audited.
    @Sendable static func index(req: Request) async throws -> Response {
        let staff = try req.staff
        try staff.require(.triageRequests)
        let filters = try req.query.decode(TriageQueue.Filters.self)
        let typical = PracticeCapacity.typicalPractice.with(bankHolidays: req.application.bankHolidays, closures: [])
        // settings that cannot be read stop the patient form (an error page) but never the queue: it says so at the
        // top, and the waiting filter counts core hours meanwhile (hazard H17)
        var settingsUnreadable = false
        let capacity: PracticeCapacity
        do {
            capacity =
                try await req.application.practiceDirectory.lookup(
                    code: staff.actingOrganisation.odsCode, bankHolidays: req.application.bankHolidays, on: req.db)?.capacity ?? typical
        } catch let error as StoredValueError {
            req.logger.error("triage queue: \(error.description)")
            settingsUnreadable = true
            capacity = typical
        }
        var model = try await TriageQueue.Model.load(
            filters, for: staff, floodThreshold: req.application.appConfig.throttle.floodThreshold, capacity: capacity,
            now: req.application.now(), on: req.db)
        model.settingsUnreadable = settingsUnreadable
        let view = TriageQueue.View(model: model, chrome: req.pageChrome)
        let list = filters.fragment == "results" ? "triage queue (live update)" : "triage queue"
        try await req.auditListViewed(list, recordType: "triage_request", shown: model.requests.map(\.reference))
        if filters.fragment == "results" {
            var headers = HTTPHeaders()
            headers.contentType = .html
            return Response(status: .ok, headers: headers, body: .init(string: view.results.render()))
        }
        return try await view.html.encodeResponse(for: req)
    }

    /// Server-sent events: one line per change of this organisation's queue, a comment every 20 s to keep the line open.
    @Sendable static func events(req: Request) async throws -> Response {
        let staff = try req.staff
        try staff.require(.triageRequests)
        let organisation = try staff.actingOrganisation.requireID()
        let stream = await req.application.events.subscribe(
            topic: QueueEvent.topic(organisation), resync: QueueEvent.changed(handlerID: organisation, requestID: nil))
        let grant = LiveGrant(
            kind: .queueStream, person: try staff.person.requireID(), session: try staff.session.requireID(), organisation: organisation)
        let grantedBy = LiveStreamGrant(grant, req: req)
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "event-stream")
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        headers.replaceOrAdd(name: "X-Accel-Buffering", value: "no")
        let open = req.application.metricsRegistry.makeGauge(
            descriptor: MetricNameDescriptor(metricName: "queue_streams_open", helpText: "Live queue connections now open"))
        let body = Response.Body(asyncStream: { writer in
            open.increment(by: 1)
            defer { open.decrement(by: 1) }
            // the stream must end with .end or .error whatever happens: a browser that leaves the page makes a write fail
            do {
                try await Self.stream(stream, until: grantedBy, to: writer)
                try await writer.write(.end)
            } catch {
                try? await writer.write(.error(error))
            }
        })
        return Response(status: .ok, headers: headers, body: body)
    }

    /// Writes queue events and keep-alive comments until the subscription ends, a write fails or what authorised the
    /// stream (the sign-in, the engagement) ends.
    private static func stream(
        _ stream: AsyncStream<LiveEvent>, until live: LiveStreamGrant, to writer: any AsyncBodyStreamWriter
    ) async throws {
        try await writer.write(.buffer(ByteBuffer(string: "retry: 2000\n: connected\n\n")))
        try await ServerSentEvents.withKeepAlive(writer, until: live) {
            for await event in stream {
                try await writer.write(.buffer(ByteBuffer(string: "event: queue\ndata: \(event.body)\n\n")))
            }
        }
    }
}
