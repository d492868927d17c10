import Domain
import Fluent
import Foundation
import NIOCore
import Vapor

/// The live parts of the desktop pages: a person's status as server-sent events, and noVNC's files.
enum DesktopLiveController {
    /// `status` events whenever the person's place or seat changes, `notice` events for them alone (host failed,
    /// idle warning), a comment every 20 s to keep the line open, and an `ended` event when the sign-in or the
    /// engagement behind it ends.
    @Sendable static func events(req: Request) async throws -> Response {
        let staff = try req.staff
        try staff.require(.openDesktop)
        let pool = try await DesktopAccess.pool(try req.uuidParameter(.poolID), for: staff, on: req.db)
        let poolID = try pool.requireID()
        let personID = try staff.person.requireID()
        let stream = await req.application.events.subscribe(topic: DesktopEvent.topic)
        let grant = LiveGrant(kind: .desktopStatus, person: personID, session: try staff.session.requireID(), pool: poolID)
        let grantedBy = LiveStreamGrant(grant, req: req)
        let db = req.db
        let boards = req.application.desktopBroker.statusBoards
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "event-stream")
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        headers.replaceOrAdd(name: "X-Accel-Buffering", value: "no")
        let body = Response.Body(asyncStream: { writer in
            // the stream must end with .end or .error whatever happens: a browser that leaves makes a write fail
            do {
                let first = try await DesktopStatus.load(person: personID, pool: poolID, on: db)
                try await writer.write(.buffer(ByteBuffer(string: "retry: 2000\nevent: status\ndata: \(first.json)\n\n")))
                try await ServerSentEvents.withKeepAlive(writer, until: grantedBy) {
                    var last = first
                    for await live in stream {
                        let heard = ContinuousClock.now
                        guard let event = DesktopEvent(live), event.pool == poolID else { continue }
                        switch event.kind {
                        case .poolChanged:
                            // one read of the pool for all its streams that heard of this change
                            let now = try await boards.board(pool: poolID, heard: heard, on: db).status(of: personID)
                            guard now != last else { continue }
                            last = now
                            try await writer.write(.buffer(ByteBuffer(string: "event: status\ndata: \(now.json)\n\n")))
                        case .hostFailed where event.person == personID:
                            try await writer.write(
                                .buffer(ByteBuffer(string: "event: notice\ndata: \(DesktopNotice.hostFailed.rawValue)\n\n")))
                        case .idleWarning where event.person == personID:
                            try await writer.write(.buffer(ByteBuffer(string: "event: notice\ndata: idle-warning\n\n")))
                        default: continue
                        }
                    }
                }
                try await writer.write(.end)
            } catch {
                try? await writer.write(.error(error))
            }
        })
        return Response(status: .ok, headers: headers, body: body)
    }

    /// A file of Debian's noVNC, served whole because its modules import each other by relative path.
    @Sendable static func noVNC(req: Request) async throws -> Response {
        let parts = req.parameters.getCatchall()
        guard !parts.isEmpty, parts.allSatisfy({ !$0.isEmpty && $0 != ".." && $0 != "." && !$0.hasPrefix(".") }) else {
            throw Abort(.notFound, reason: "That file is not part of the desktop viewer.")
        }
        let root = req.application.appConfig.desktops.noVNCPath
        let path = ([root] + parts).joined(separator: "/")
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw Abort(.notFound, reason: "That file is not part of the desktop viewer.")
        }
        return try await req.fileio.asyncStreamFile(at: path)
    }
}
