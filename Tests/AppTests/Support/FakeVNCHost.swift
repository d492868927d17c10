import Domain
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import VNCCipher

/// TEST HELPER: a desktop host on 127.0.0.1 that speaks RFB 3.8 like TigerVNC's Xvnc as far as the gateway cares:
/// it offers `securityTypes`, checks VncAuth responses against `password`, answers ClientInit with a 64×48 ServerInit
/// named "fake", and then echoes every byte back, so that a test can see bytes pass through the gateway both ways; or,
/// with `echo` false, keeps what the viewer's side sends (`received`) and sends what a test gives it (`send`).
final class FakeVNCHost: Sendable {
    /// What the host has seen, for a test to check.
    struct Tally: Sendable {
        var connections = 0
        var openConnections = 0
        var authenticationFailures = 0
        var sessions = 0
        /// Bytes that came after ClientInit, when not echoing.
        var received: [UInt8] = []
    }

    let port: Int
    private let server: any Channel
    private let state: NIOLockedValueBox<(tally: Tally, children: [ObjectIdentifier: any Channel])>

    private init(port: Int, server: any Channel, state: NIOLockedValueBox<(tally: Tally, children: [ObjectIdentifier: any Channel])>) {
        self.port = port
        self.server = server
        self.state = state
    }

    /// Connections accepted so far.
    var connections: Int { state.withLockedValue { $0.tally.connections } }
    /// Connections still open.
    var openConnections: Int { state.withLockedValue { $0.tally.openConnections } }
    /// VncAuth responses that did not match the password.
    var authenticationFailures: Int { state.withLockedValue { $0.tally.authenticationFailures } }
    /// Connections that reached ServerInit.
    var sessions: Int { state.withLockedValue { $0.tally.sessions } }
    /// What the viewer's side sent after ClientInit (a host that does not echo).
    var received: [UInt8] { state.withLockedValue { $0.tally.received } }

    /// Sends `bytes` on every open connection, as a desktop sending screen updates or copied text does.
    func send(_ bytes: [UInt8]) {
        let children = state.withLockedValue { Array($0.children.values) }
        for child in children { child.writeAndFlush(ByteBuffer(bytes: bytes), promise: nil) }
    }

    /// Listens on 127.0.0.1 at a free port. An empty `securityTypes` makes the host refuse every connection.
    static func start(password: String, securityTypes: [UInt8] = [19, 2], echo: Bool = true) async throws -> FakeVNCHost {
        let state = NIOLockedValueBox((tally: Tally(), children: [ObjectIdentifier: any Channel]()))
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                state.withLockedValue {
                    $0.tally.connections += 1
                    $0.tally.openConnections += 1
                    $0.children[ObjectIdentifier(channel)] = channel
                }
                channel.closeFuture.whenComplete { _ in
                    state.withLockedValue {
                        $0.tally.openConnections -= 1
                        $0.children[ObjectIdentifier(channel)] = nil
                    }
                }
                return channel.eventLoop.makeCompletedFuture {
                    let handler = FakeVNCHostHandler(password: password, securityTypes: securityTypes, echo: echo) { event in
                        state.withLockedValue {
                            switch event {
                            case .authenticationFailed: $0.tally.authenticationFailures += 1
                            case .sessionStarted: $0.tally.sessions += 1
                            case .received(let bytes): $0.tally.received += bytes
                            }
                        }
                    }
                    try channel.pipeline.syncOperations.addHandler(handler)
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        guard let port = server.localAddress?.port else { throw ChannelError.unknownLocalAddress }
        return FakeVNCHost(port: port, server: server, state: state)
    }

    /// Stops listening and closes every connection, as a host that goes down does.
    func close() async throws {
        let children = state.withLockedValue { Array($0.children.values) }
        for child in children { try? await child.close() }
        try await server.close()
    }
}

/// One connection's side of the fake host's conversation.
private final class FakeVNCHostHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    enum Event { case authenticationFailed, sessionStarted, received([UInt8]) }
    private enum Stage { case version, choice, response(challenge: [UInt8]), clientInit, echo }

    private let password: String
    private let securityTypes: [UInt8]
    private let echo: Bool
    private let report: @Sendable (Event) -> Void
    private var stage = Stage.version
    private var inbox: [UInt8] = []

    init(password: String, securityTypes: [UInt8], echo: Bool, report: @escaping @Sendable (Event) -> Void) {
        self.password = password
        self.securityTypes = securityTypes
        self.echo = echo
        self.report = report
    }

    func channelActive(context: ChannelHandlerContext) {
        send(RFBProtocolVersion.v3_8, context: context)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        if case .echo = stage {
            if echo { context.writeAndFlush(wrapOutboundOut(buffer), promise: nil) } else { report(.received(Array(buffer.readableBytesView))) }
            return
        }
        inbox += buffer.readableBytesView
        while advance(context: context) {}
    }

    /// Reads one message if it has all arrived and answers it; false when waiting for more bytes.
    private func advance(context: ChannelHandlerContext) -> Bool {
        switch stage {
        case .version:
            guard take(12) != nil else { return false }
            send(RFBSecurity.serverSecurityTypes(securityTypes), context: context)
            if securityTypes.isEmpty { context.close(promise: nil) }
            stage = .choice
        case .choice:
            guard let choice = take(1)?.first else { return false }
            if choice == RFBSecurity.vncAuth, securityTypes.contains(choice) {
                let challenge = (0..<16).map { _ in UInt8.random(in: .min ... .max) }
                send(challenge, context: context)
                stage = .response(challenge: challenge)
            } else if choice == RFBSecurity.none, securityTypes.contains(choice) {
                send(RFBSecurity.securityResultOK, context: context)
                stage = .clientInit
            } else {
                send(RFBSecurity.securityResultFailed(reason: "Security type \(choice) is not offered"), context: context)
                context.close(promise: nil)
                return false
            }
        case .response(let challenge):
            guard let response = take(16) else { return false }
            guard response == (try? VNCCipher.vncAuthResponse(challenge: challenge, password: password)) else {
                report(.authenticationFailed)
                send(RFBSecurity.securityResultFailed(reason: "Authentication failure"), context: context)
                context.close(promise: nil)
                return false
            }
            send(RFBSecurity.securityResultOK, context: context)
            stage = .clientInit
        case .clientInit:
            guard take(1) != nil else { return false }
            send(Self.serverInit, context: context)
            report(.sessionStarted)
            stage = .echo
            if !inbox.isEmpty { if echo { send(inbox, context: context) } else { report(.received(inbox)) } }
            inbox = []
            return false
        case .echo:
            return false
        }
        return true
    }

    /// The first `count` bytes of the inbox, removed from it, or nil when fewer have arrived.
    private func take(_ count: Int) -> [UInt8]? {
        guard inbox.count >= count else { return nil }
        defer { inbox.removeFirst(count) }
        return Array(inbox.prefix(count))
    }

    private func send(_ bytes: [UInt8], context: ChannelHandlerContext) {
        context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(bytes: bytes)), promise: nil)
    }

    /// 64×48, 32 bits per pixel, depth 24, little-endian true colour (red at bit 16), named "fake".
    static let serverInit: [UInt8] =
        [0, 64, 0, 48] + [32, 24, 0, 1, 0, 255, 0, 255, 0, 255, 16, 8, 0, 0, 0, 0] + [0, 0, 0, 4] + Array("fake".utf8)
}
