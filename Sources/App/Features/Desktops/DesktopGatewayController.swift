import Domain
import Fluent
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOWebSocket
import Vapor
import VNCCipher

/// The desktop gateway's WebSocket endpoint: checks Origin, session, second factor and ticket, then hands the
/// connection to `DesktopGatewayPipe` through an upgrader of its own (NIOWebSocket, no websocket-kit in the way).
enum DesktopGatewayController {
    @Sendable static func connect(req: Request) async throws -> Response {
        guard req.headers.first(name: .upgrade)?.lowercased() == "websocket" else {
            throw Abort(.badRequest, reason: "This address is for the desktop viewer. Open your desktop from the Virtual login page.")
        }
        guard DesktopGatewayAdmission.originAllowed(req) else {
            try? await req.audit(.desktopRefused, recordType: "desktop_gateway", detail: "WebSocket from another site")
            throw Abort(.forbidden, reason: "The desktop can only be opened from this site's own pages.")
        }
        let verdict = try await DesktopGatewayAdmission.decide(req: req)
        if case .refuse(let code, let reason) = verdict {
            try? await req.audit(.desktopRefused, recordType: "desktop_gateway", detail: "\(code): \(reason)")
        }
        let offered = req.headers[canonicalForm: "Sec-WebSocket-Protocol"].map { $0.lowercased() }
        let response = Response(status: .switchingProtocols)
        response.upgrader = DesktopGatewayUpgrader(
            verdict: verdict, echoBinary: offered.contains("binary"), hooks: hooks(for: verdict, req: req))
        return response
    }

    /// Audit, seat state, the viewers registry and the live connections around one admitted connection.
    private static func hooks(for verdict: DesktopGatewayVerdict, req: Request) -> DesktopGatewayHooks {
        guard case .admit(let target) = verdict else { return DesktopGatewayHooks(relaying: { _, _ in }, closed: { _ in }) }
        let app = req.application
        // held here: a viewer may close after the application has shut down and emptied its storage
        let broker = app.desktopBroker
        let connections = app.liveConnections
        let grant = LiveGrant(kind: .desktopViewer, person: target.personID, session: req.staffSession?.id, pool: target.poolID)
        let checkedSince = req.checksBegan
        let registration = NIOLockedValueBox<UUID?>(nil)
        let viewerID = UUID()
        let address = req.remoteAddress?.ipAddress
        let record = { @Sendable (action: AuditAction, detail: String) in
            AuditRecord(
                action: action, actorID: target.personID, recordType: "desktop_seat", recordID: target.seatID.uuidString,
                sourceAddress: address, detail: detail)
        }
        // the closing work waits for the opening work, so that a short connection cannot leave its seat "in use"
        let opening = NIOLockedValueBox<Task<Void, Never>?>(nil)
        return DesktopGatewayHooks(
            relaying: { close, lastInput in
                broker.viewers.add(
                    .init(person: target.personID, close: close, lastInput: lastInput), id: viewerID, seat: target.seatID)
                opening.withLockedValue {
                    $0 = broker.background.start {
                        // sign-out (here or everywhere) or an engagement's end closes the viewer with a reason it shows
                        let id = await connections.register(grant, checkedSince: checkedSince) { ending in
                            close(ending.closeCode, ending.reason)
                        }
                        registration.withLockedValue { $0 = id }
                        try? await app.auditTrail.append(record(.desktopConnected, "seat \(target.seatName)"), on: app.db)
                        let stillYours =
                            (try? await broker.viewerConnected(
                                person: target.personID, seat: target.seatID, pool: target.poolID, app: app)) ?? false
                        if !stillYours { close(4409, "This seat is no longer yours. Open your desktop again.") }
                    }
                }
            },
            closed: { stats in
                let left = broker.viewers.remove(id: viewerID, seat: target.seatID)
                if let lease = target.bridgeLease { broker.background.start { await broker.rdpBridges.detach(lease) } }
                guard !app.didShutdown else { return }
                DesktopGatewayMetrics.record(stats, app: app)
                guard stats.relayed else { return }
                let seconds = Int(Date().timeIntervalSince(stats.connectedAt))
                let detail =
                    "seat \(target.seatName); \(seconds) s; \(stats.bytesToViewer) bytes to the viewer, "
                    + "\(stats.bytesFromViewer) from it" + (stats.closeReason.map { "; \($0)" } ?? "")
                let opened = opening.withLockedValue { $0 }
                broker.background.start {
                    await opened?.value
                    if let id = registration.withLockedValue({ $0 }) { await connections.remove(id) }
                    try? await app.auditTrail.append(record(.desktopDisconnected, detail), on: app.db)
                    if left == 0 {
                        try? await broker.viewerClosed(
                            person: target.personID, seat: target.seatID, pool: target.poolID, app: app)
                    }
                }
            })
    }
}

/// Upgrades to a WebSocket whose pipeline ends in the gateway pipe, or in a handler that closes at once with the reason.
struct DesktopGatewayUpgrader: Upgrader {
    var verdict: DesktopGatewayVerdict
    var echoBinary: Bool
    var hooks: DesktopGatewayHooks

    func applyUpgrade(req: Request, res: Response) -> any HTTPServerProtocolUpgrader {
        let verdict = verdict
        let hooks = hooks
        let echoBinary = echoBinary
        return NIOWebSocketServerUpgrader(
            maxFrameSize: 1 << 20, automaticErrorHandling: true,
            shouldUpgrade: { channel, _ in
                var headers = HTTPHeaders()
                if echoBinary { headers.add(name: "Sec-WebSocket-Protocol", value: "binary") }
                return channel.eventLoop.makeSucceededFuture(headers)
            },
            upgradePipelineHandler: { channel, _ in
                channel.eventLoop.makeCompletedFuture {
                    switch verdict {
                    case .admit(let target):
                        let pipe = DesktopGatewayPipe(target: target, hooks: hooks, encryptBlock: VNCCipher.encryptBlock)
                        try channel.pipeline.syncOperations.addHandler(pipe)
                    case .refuse(let code, let reason):
                        try channel.pipeline.syncOperations.addHandler(DesktopGatewayRefusal(code: code, reason: reason))
                    }
                }
            })
    }
}

/// Closes a refused viewer's WebSocket at once with a code and a reason its page shows.
final class DesktopGatewayRefusal: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    let code: UInt16
    let reason: String

    init(code: UInt16, reason: String) {
        self.code = code
        self.reason = reason
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let frame = WebSocketFrame(fin: true, opcode: .connectionClose, data: DesktopGatewayRefusal.closeData(code: code, reason: reason))
        context.writeAndFlush(wrapOutboundOut(frame)).whenComplete { _ in context.close(promise: nil) }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {}

    /// A close frame's payload: the code, then as much of the reason as fits in 123 bytes, cut between characters.
    static func closeData(code: UInt16, reason: String) -> ByteBuffer {
        WebSocketClose.payload(code: code, reason: reason)
    }
}
