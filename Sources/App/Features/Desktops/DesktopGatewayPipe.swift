import Domain
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOWebSocket

/// How a finished viewer connection went, for the audit trail and the metrics.
struct DesktopGatewayStats: Sendable {
    var connectedAt: Date
    var bytesToViewer: Int
    var bytesFromViewer: Int
    /// Whether the RFB sessions on both sides were set up and bytes flowed.
    var relayed: Bool
    /// Why it ended, when the gateway ended it.
    var closeReason: String?
}

/// What the gateway tells the rest of the app about one viewer connection.
struct DesktopGatewayHooks: Sendable {
    /// The connection is carrying the desktop; `close` ends it from elsewhere (sign-out, idle), `lastInput` is
    /// updated on keyboard and mouse input.
    var relaying: @Sendable (_ close: @escaping @Sendable (UInt16, String) -> Void, _ lastInput: NIOLockedValueBox<Date?>) -> Void
    /// The connection ended (called once).
    var closed: @Sendable (DesktopGatewayStats) -> Void
}

/// Carries one viewer's WebSocket to one seat's VNC endpoint: opens TCP on the WebSocket's own event loop, signs in to
/// the host with its password, presents security type None to the browser, then relays bytes both ways, holding
/// reads on one side while the other cannot take more (back-pressure) and flushing once per read burst.
final class DesktopGatewayPipe: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = WebSocketFrame
    typealias OutboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    private enum Phase { case connecting, hostHandshake, viewerHandshake, relaying, closed }

    private let target: DesktopGatewayTarget
    private let hooks: DesktopGatewayHooks
    private var phase = Phase.connecting
    private var hostHandshake: RFBHostHandshake
    private var viewerHandshake = RFBViewerHandshake()
    private var scanner = RFBInputScanner()
    /// Both nil when the pool lets text cross both ways: then bytes pass unread (but for input), as fast as they come.
    var viewerGuard: RFBViewerStreamGuard?
    var hostGuard: RFBHostStreamGuard?
    let lastInput = NIOLockedValueBox<Date?>(nil)
    private(set) var viewer: ChannelHandlerContext?
    private(set) var host: (any Channel)?
    private var hostSide: DesktopHostSide?
    /// Viewer bytes that came before the relay started (the browser's ClientInit), and host bytes likewise.
    private var heldFromViewer: [UInt8] = []
    private var heldFromHost: [UInt8] = []
    private var viewerReadHeld = false
    var stats = DesktopGatewayStats(connectedAt: Date(), bytesToViewer: 0, bytesFromViewer: 0, relayed: false)

    init(target: DesktopGatewayTarget, hooks: DesktopGatewayHooks, encryptBlock: @escaping RFBHostHandshake.BlockCipher) {
        self.target = target
        self.hooks = hooks
        self.hostHandshake = RFBHostHandshake(password: target.password, encryptBlock: encryptBlock)
        if target.clipboard != .both {
            viewerGuard = RFBViewerStreamGuard(policy: target.clipboard)
            hostGuard = RFBHostStreamGuard(policy: target.clipboard)
        }
    }

    static let watermark = ChannelOptions.Types.WriteBufferWaterMark(low: 16 * 1024, high: 64 * 1024)

    func handlerAdded(context: ChannelHandlerContext) {
        viewer = context
        _ = context.channel.setOption(ChannelOptions.writeBufferWaterMark, value: Self.watermark)
        let side = DesktopHostSide(pipe: self)
        hostSide = side
        let loop = NIOLoopBound(self, eventLoop: context.eventLoop)
        ClientBootstrap(group: context.eventLoop)
            .connectTimeout(.seconds(5))
            .channelOption(
                ChannelOptions.recvAllocator, value: AdaptiveRecvByteBufferAllocator(minimum: 4096, initial: 65536, maximum: 1 << 20)
            )
            .channelOption(ChannelOptions.writeBufferWaterMark, value: Self.watermark)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(side) }
            }
            .connect(host: target.vncHost, port: target.vncPort)
            .whenComplete { result in
                let pipe = loop.value
                switch result {
                case .success(let channel):
                    guard pipe.phase == .connecting else { channel.close(promise: nil); return }
                    pipe.host = channel
                    pipe.phase = .hostHandshake
                case .failure:
                    pipe.closeViewer(code: 4502, reason: "The desktop did not answer. Try again in a minute, or tell your IT support.")
                }
            }
    }

    // MARK: the viewer's side

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        switch frame.opcode {
        case .binary, .continuation, .text:
            fromViewer(frame.unmaskedData)
        case .ping:
            let pong = WebSocketFrame(fin: true, opcode: .pong, data: frame.unmaskedData)
            context.writeAndFlush(wrapOutboundOut(pong), promise: nil)
        case .connectionClose:
            closeViewer(code: 1000, reason: "")
        default:
            break
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        host?.flush()
    }

    /// Holds the viewer's reads while the host cannot take more.
    func read(context: ChannelHandlerContext) {
        if let host, !host.isWritable {
            viewerReadHeld = true
        } else {
            context.read()
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable { hostSide?.resumeReading() }
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        finish()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        closeViewer(code: 1011, reason: "The desktop connection failed. Reconnecting may help.")
    }

    private func fromViewer(_ buffer: ByteBuffer) {
        switch phase {
        case .relaying:
            stats.bytesFromViewer += buffer.readableBytes
            guard viewerGuard != nil else {
                if scanner.scan(buffer.readableBytesView) { lastInput.withLockedValue { $0 = Date() } }
                host?.write(buffer, promise: nil)
                return
            }
            toHost(buffer)
        case .viewerHandshake:
            do {
                let step = try viewerHandshake.receive(Array(buffer.readableBytesView))
                if !step.send.isEmpty { writeToViewer(step.send, flush: true) }
                if let rest = step.passThrough { startRelay(viewerBytes: rest) }
            } catch {
                if !error.farewell.isEmpty { writeToViewer(error.farewell, flush: true) }
                closeViewer(code: 1002, reason: "The desktop viewer did not start properly. Reload the page.")
            }
        case .connecting, .hostHandshake:
            heldFromViewer += buffer.readableBytesView
        case .closed:
            break
        }
    }

    private func startRelay(viewerBytes: [UInt8]) {
        phase = .relaying
        stats.relayed = true
        let early = heldFromViewer + viewerBytes
        heldFromViewer = []
        if !early.isEmpty {
            stats.bytesFromViewer += early.count
            toHost(ByteBuffer(bytes: early))
            host?.flush()
        }
        if !heldFromHost.isEmpty {
            let bytes = ByteBuffer(bytes: heldFromHost)
            heldFromHost = []
            toViewer(bytes)
            viewer?.flush()
        }
        guard let viewer, phase == .relaying else { return }
        let loop = NIOLoopBound(self, eventLoop: viewer.eventLoop)
        let eventLoop = viewer.eventLoop
        hooks.relaying(
            { code, reason in eventLoop.execute { loop.value.closeViewer(code: code, reason: reason) } }, lastInput)
    }

    // MARK: the host's side (called by DesktopHostSide on the same event loop)

    func fromHost(_ buffer: ByteBuffer) {
        switch phase {
        case .relaying:
            toViewer(buffer)
        case .hostHandshake:
            do {
                let step = try hostHandshake.receive(Array(buffer.readableBytesView))
                if !step.send.isEmpty { host?.writeAndFlush(ByteBuffer(bytes: step.send), promise: nil) }
                if let rest = step.passThrough {
                    heldFromHost += rest
                    phase = .viewerHandshake
                    writeToViewer(RFBViewerHandshake.greeting, flush: true)
                    if !heldFromViewer.isEmpty {
                        let early = heldFromViewer
                        heldFromViewer = []
                        fromViewer(ByteBuffer(bytes: early))
                    }
                }
            } catch {
                stats.closeReason = error.message
                closeViewer(code: 4502, reason: "The desktop refused the gateway. Tell your IT support.")
            }
        case .viewerHandshake, .connecting:
            heldFromHost += buffer.readableBytesView
        case .closed:
            break
        }
    }

    func hostReadComplete() { viewer?.flush() }

    /// Whether the viewer can take more: the host side holds its reads while not.
    var viewerWritable: Bool { viewer?.channel.isWritable ?? true }

    func hostWritabilityChanged(writable: Bool) {
        guard writable, viewerReadHeld, let viewer else { return }
        viewerReadHeld = false
        viewer.read()
    }

    func hostClosed() {
        guard phase != .closed else { return }
        closeViewer(code: 4502, reason: "The desktop stopped answering. Reconnecting…")
    }

    // MARK: ending

    private func writeToViewer(_ bytes: [UInt8], flush: Bool) {
        guard let viewer else { return }
        let frame = WebSocketFrame(fin: true, opcode: .binary, data: ByteBuffer(bytes: bytes))
        stats.bytesToViewer += phase == .relaying ? bytes.count : 0
        if flush { viewer.writeAndFlush(wrapOutboundOut(frame), promise: nil) } else { viewer.write(wrapOutboundOut(frame), promise: nil) }
    }

    /// Sends a close frame with `code` and `reason` (at most 123 bytes), then closes both sides.
    func closeViewer(code: UInt16, reason: String) {
        guard phase != .closed, let viewer else { return }
        if stats.closeReason == nil, !reason.isEmpty { stats.closeReason = reason }
        phase = .closed
        let frame = WebSocketFrame(fin: true, opcode: .connectionClose, data: DesktopGatewayRefusal.closeData(code: code, reason: reason))
        viewer.writeAndFlush(wrapOutboundOut(frame)).whenComplete { _ in viewer.close(promise: nil) }
        host?.close(promise: nil)
    }

    private var finished = false

    private func finish() {
        guard !finished else { return }
        finished = true
        phase = .closed
        host?.close(promise: nil)
        hooks.closed(stats)
    }
}
