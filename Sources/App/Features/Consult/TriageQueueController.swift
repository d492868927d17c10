import Domain
import Fluent
import Foundation
import NIOCore
import Plot
import Prometheus
import Vapor

/// The shared triage queue of the acting organisation, live over server-sent events.
enum TriageQueueController {
    struct Filters: Content {
        var status: String?
        var kind: String?
        var flagged: String?
        var urgency: String?
        var mine: String?
        var olderThanDays: Int?
        var fragment: String?
    }

    @Sendable static func index(req: Request) async throws -> Response {
        let staff = try req.staff
        try staff.require(.triageRequests)
        let filters = try req.query.decode(Filters.self)
        let acting = try staff.actingOrganisation.requireID()
        var query = try TriageRequest.filter(TriageRequest.query(on: req.db).filter(\.$handlerID == acting), status: filters.status)
        if let kind = filters.kind.flatMap(RequestKind.init(rawValue:)) { query = query.filter(\.$kind == kind) }
        if filters.flagged == "yes" { query = query.filter(\.$redFlagged == true) }
        if let urgency = filters.urgency.flatMap(Urgency.init(rawValue:)) { query = query.filter(\.$urgency == urgency) }
        if filters.mine == "yes" { query = query.filter(\.$assigneeID == staff.person.id) }
        if let days = filters.olderThanDays, days > 0 {
            query = query.filter(\.$receivedAt < Date().addingTimeInterval(-Double(days) * 86400))
        }
        let requests = try await query.sort(\.$priority, .descending).sort(\.$receivedAt).limit(500).all()
        let counts = try await statusCounts(handler: acting, on: req.db)
        let assignees = try await Person.query(on: req.db).filter(\.$id ~~ requests.compactMap(\.assigneeID)).all()
        let names = Dictionary(uniqueKeysWithValues: assignees.compactMap { p in p.id.map { ($0, p.name) } })
        let floods = try await PossibleFlood.find(
            handlerID: acting, threshold: req.application.appConfig.throttle.floodThreshold, now: Date(), on: req.db)
        let page = TriageQueuePage(filters: filters, requests: requests, counts: counts, assigneeNames: names, floods: floods)
        let list = filters.fragment == "results" ? "triage queue (live update)" : "triage queue"
        try await req.auditListViewed(list, recordType: "triage_request", shown: requests.map(\.reference))
        if filters.fragment == "results" {
            var headers = HTTPHeaders()
            headers.contentType = .html
            return Response(status: .ok, headers: headers, body: .init(string: page.results.render()))
        }
        return try await page.render(req).encodeResponse(for: req)
    }

    private static func statusCounts(handler: UUID, on db: any Database) async throws -> [TriageStatus: Int] {
        var counts: [TriageStatus: Int] = [:]
        for status in TriageStatus.allCases where status != .closed {
            counts[status] = try await TriageRequest.query(on: db).filter(\.$handlerID == handler).filter(\.$status == status)
                .count()
        }
        return counts
    }

    /// Server-sent events: one line per change of this organisation's queue, a comment every 20 s to keep the line open.
    @Sendable static func events(req: Request) async throws -> Response {
        let staff = try req.staff
        try staff.require(.triageRequests)
        let organisation = try staff.actingOrganisation.requireID()
        let stream = await req.application.events.subscribe(topic: QueueEvent.topic(organisation))
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
