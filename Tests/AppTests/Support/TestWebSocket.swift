import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOWebSocket

/// TEST HELPER: a WebSocket client on SwiftNIO that keeps what websocket-kit hides: the HTTP status of a refused
/// upgrade and the code and reason of the server's close frame. Binary payloads collect in one buffer; every wait has
/// a deadline.
final class TestWebSocket: Sendable {
    /// Why a connection or a wait did not give what the test asked for.
    enum Failure: Error, CustomStringConvertible {
        /// The server answered the upgrade request with `status` and did not switch protocols.
        case notUpgraded(status: HTTPResponseStatus)
        /// The connection ended before the upgrade finished.
        case upgradeFailed(String)
        /// `what` did not happen within the time allowed; `received` bytes had arrived.
        case timedOut(what: String, received: Int)
        /// The server closed before `count` bytes arrived.
        case closedEarly(code: UInt16?, reason: String?, received: Int)

        var description: String {
            switch self {
            case .notUpgraded(let status): "the server answered \(status.code) instead of switching protocols"
            case .upgradeFailed(let why): "the upgrade failed: \(why)"
            case .timedOut(let what, let received): "timed out waiting for \(what) (\(received) bytes received)"
            case .closedEarly(let code, let reason, let received):
                "the server closed (\(code.map(String.init) ?? "no close frame") \(reason ?? "")) after \(received) bytes"
            }
        }
    }

    /// What has arrived; `version` grows on every change so that a waiter knows to look again.
    struct Inbox {
        var bytes: [UInt8] = []
        /// Text messages, each whole, in the order they came (signalling speaks JSON text).
        var texts: [String] = []
        var close: (code: UInt16, reason: String)?
        var ended = false
        /// This side has sent its close frame (so it does not answer the server's with another).
        var closeSent = false
        var version = 0
        var waiters: [UUID: CheckedContinuation<Void, Never>] = [:]
    }

    private let channel: any Channel
    private let inbox: NIOLockedValueBox<Inbox>

    private init(channel: any Channel, inbox: NIOLockedValueBox<Inbox>) {
        self.channel = channel
        self.inbox = inbox
    }

    /// Opens a WebSocket to `path` on `host:port`, sending `headers` with the upgrade request (Origin, Host, Cookie…).
    /// Throws `Failure.notUpgraded` with the HTTP status when the server answers without upgrading.
    static func connect(
        host: String, port: Int, path: String, headers: [(String, String)], group: any EventLoopGroup,
        timeout: Duration = .seconds(60)
    ) async throws -> TestWebSocket {
        let inbox = NIOLockedValueBox(Inbox())
        let eventLoop = group.next()
        let upgraded = eventLoop.makePromise(of: Void.self)
        var request = "GET \(path) HTTP/1.1\r\n"
        if !headers.contains(where: { $0.0.lowercased() == "host" }) { request += "Host: \(host):\(port)\r\n" }
        for (name, value) in headers { request += "\(name): \(value)\r\n" }
        request += "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
        request += "Sec-WebSocket-Key: \(NIOWebSocketClientUpgrader.randomRequestKey())\r\n\r\n"
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: eventLoop)
                .connectTimeout(.seconds(5))
                .channelInitializer { [request] channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(
                            UpgradeHandshake(request: request, upgraded: upgraded, inbox: inbox))
                    }
                }
                .connect(host: host, port: port)
                .get()
        } catch {
            upgraded.fail(error)
            throw error
        }
        // A promise completed twice keeps its first result, so these only matter when nothing else answered.
        channel.closeFuture.whenComplete { _ in upgraded.fail(Failure.upgradeFailed("the connection closed")) }
        let timer = eventLoop.scheduleTask(in: TimeAmount(timeout)) {
            upgraded.fail(Failure.timedOut(what: "the upgrade", received: 0))
            channel.close(promise: nil)
        }
        do {
            try await upgraded.futureResult.get()
            timer.cancel()
        } catch {
            timer.cancel()
            try? await channel.close()
            throw error
        }
        return TestWebSocket(channel: channel, inbox: inbox)
    }

    /// Sends `bytes` in one masked binary frame.
    func send(_ bytes: [UInt8]) async throws {
        let frame = WebSocketFrame(fin: true, opcode: .binary, maskKey: .random(), data: ByteBuffer(bytes: bytes))
        try await channel.writeAndFlush(frame)
    }

    /// Sends `text` in one masked text frame.
    func send(text: String) async throws {
        let frame = WebSocketFrame(fin: true, opcode: .text, maskKey: .random(), data: ByteBuffer(string: text))
        try await channel.writeAndFlush(frame)
    }

    /// The first text message that contains `fragment`, taken out of the inbox with every message before it.
    func text(containing fragment: String, timeout: Duration = .seconds(60)) async throws -> String {
        try await wait(for: "a message with \(fragment)", timeout: timeout) { inbox in
            if let index = inbox.texts.firstIndex(where: { $0.contains(fragment) }) {
                let found = inbox.texts[index]
                inbox.texts.removeFirst(index + 1)
                return found
            }
            if inbox.ended || inbox.close != nil {
                throw Failure.closedEarly(code: inbox.close?.code, reason: inbox.close?.reason, received: inbox.texts.count)
            }
            return nil
        }
    }

    /// Every text message received so far, left in the inbox.
    var texts: [String] { inbox.withLockedValue { $0.texts } }

    /// The next `count` bytes of binary payload from the server, however the frames split them.
    func receive(count: Int, timeout: Duration = .seconds(10)) async throws -> [UInt8] {
        try await wait(for: "\(count) bytes", timeout: timeout) { inbox in
            if inbox.bytes.count >= count {
                let taken = Array(inbox.bytes.prefix(count))
                inbox.bytes.removeFirst(count)
                return taken
            }
            if inbox.ended || inbox.close != nil {
                throw Failure.closedEarly(code: inbox.close?.code, reason: inbox.close?.reason, received: inbox.bytes.count)
            }
            return nil
        }
    }

    /// The code and reason of the server's close frame, once it has come.
    func closed(timeout: Duration = .seconds(10)) async throws -> (code: UInt16, reason: String) {
        try await wait(for: "the server's close frame", timeout: timeout) { inbox in
            if let close = inbox.close { return close }
            if inbox.ended { throw Failure.closedEarly(code: nil, reason: nil, received: inbox.bytes.count) }
            return nil
        }
    }

    /// Sends a normal close frame (1000) and waits briefly for the server to end the connection.
    func close() async {
        inbox.withLockedValue { $0.closeSent = true }
        let frame = WebSocketFrame(
            fin: true, opcode: .connectionClose, maskKey: .random(), data: ByteBuffer(integer: UInt16(1000)))
        try? await channel.writeAndFlush(frame)
        _ = try? await wait(for: "the connection to end", timeout: .seconds(5)) { $0.ended ? true : nil }
        try? await channel.close()
    }

    /// Waits until `check` returns a value (it runs under the inbox's lock and may throw), or fails after `timeout`.
    private func wait<T>(
        for what: String, timeout: Duration, _ check: (inout Inbox) throws -> T?
    ) async throws -> T {
        let deadline = ContinuousClock.now + timeout
        while true {
            let (result, version, received) = try inbox.withLockedValue { inbox in
                (try check(&inbox), inbox.version, inbox.bytes.count)
            }
            if let result { return result }
            guard ContinuousClock.now < deadline else { throw Failure.timedOut(what: what, received: received) }
            await changed(since: version, deadline: deadline)
        }
    }

    /// Returns when the inbox changes after `version`, or at `deadline`.
    private func changed(since version: Int, deadline: ContinuousClock.Instant) async {
        let id = UUID()
        let inbox = inbox
        let timer = Task {
            try? await Task.sleep(until: deadline, clock: .continuous)
            inbox.withLockedValue { $0.waiters.removeValue(forKey: id) }?.resume()
        }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            // Registered under the lock: a change or the deadline after this point finds the waiter.
            let now = inbox.withLockedValue { inbox in
                if inbox.version != version || ContinuousClock.now >= deadline { return true }
                inbox.waiters[id] = continuation
                return false
            }
            if now { continuation.resume() }
        }
        timer.cancel()
    }
}

/// Sends the upgrade request, reads the answer, and on 101 puts the frame codec and the collector in its place, all in
/// the read that carried the answer: a refusal's close frame (and the end of the connection) often come in that same
/// read, and must reach the collector. (NIO's `NIOHTTPClientUpgradeHandler` upgrades through futures and can lose
/// them when the server closes at once.)
private final class UpgradeHandshake: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let request: String
    private let upgraded: EventLoopPromise<Void>
    private let inbox: NIOLockedValueBox<TestWebSocket.Inbox>
    private var received: [UInt8] = []
    private var done = false

    init(request: String, upgraded: EventLoopPromise<Void>, inbox: NIOLockedValueBox<TestWebSocket.Inbox>) {
        self.request = request
        self.upgraded = upgraded
        self.inbox = inbox
    }

    func channelActive(context: ChannelHandlerContext) {
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: request)), promise: nil)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !done else { return context.fireChannelRead(data) }
        received += unwrapInboundIn(data).readableBytesView
        guard let end = Self.endOfHead(received) else { return }
        done = true
        let head = String(decoding: received[..<end], as: UTF8.self)
        let lines = head.split(separator: "\r\n")
        let code = lines.first.flatMap { $0.split(separator: " ").dropFirst().first }.flatMap { Int($0) } ?? 0
        let upgradesToWebSocket = lines.dropFirst().contains { line in
            let parts = line.split(separator: ":", maxSplits: 1)
            return parts.count == 2 && parts[0].lowercased() == "upgrade"
                && parts[1].trimmingCharacters(in: .whitespaces).lowercased() == "websocket"
        }
        guard code == 101, upgradesToWebSocket else {
            upgraded.fail(
                code == 101
                    ? TestWebSocket.Failure.upgradeFailed("101 without Upgrade: websocket")
                    : TestWebSocket.Failure.notUpgraded(status: HTTPResponseStatus(statusCode: code)))
            context.close(promise: nil)
            return
        }
        do {
            try context.pipeline.syncOperations.addHandlers(
                [
                    WebSocketFrameEncoder(), ByteToMessageHandler(WebSocketFrameDecoder(maxFrameSize: 1 << 24)),
                    FrameCollector(inbox: inbox),
                ],
                position: .after(self))
        } catch {
            upgraded.fail(error)
            context.close(promise: nil)
            return
        }
        upgraded.succeed(())
        let rest = Array(received[(end + 4)...])
        received = []
        if !rest.isEmpty {
            context.fireChannelRead(wrapInboundOut(ByteBuffer(bytes: rest)))
            context.fireChannelReadComplete()
        }
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        if !done { upgraded.fail(TestWebSocket.Failure.upgradeFailed("the server ended the connection")) }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if !done { upgraded.fail(TestWebSocket.Failure.upgradeFailed("\(error)")) }
        context.close(promise: nil)
    }

    /// Where the blank line that ends the response head starts, once it has arrived.
    private static func endOfHead(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for index in 0...(bytes.count - 4)
        where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
            return index
        }
        return nil
    }
}

/// Collects the server's frames into the inbox: binary payload, the close frame's code and reason, the end.
private final class FrameCollector: ChannelInboundHandler {
    typealias InboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    private let inbox: NIOLockedValueBox<TestWebSocket.Inbox>

    init(inbox: NIOLockedValueBox<TestWebSocket.Inbox>) {
        self.inbox = inbox
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        switch frame.opcode {
        case .text:
            let text = String(decoding: frame.unmaskedData.readableBytesView, as: UTF8.self)
            update { $0.texts.append(text) }
        case .binary, .continuation:
            let bytes = Array(frame.unmaskedData.readableBytesView)
            update { $0.bytes += bytes }
        case .connectionClose:
            var payload = frame.unmaskedData
            let code = payload.readInteger(as: UInt16.self) ?? 1005
            let reason = payload.readString(length: payload.readableBytes) ?? ""
            let answer = update { inbox in
                if inbox.close == nil { inbox.close = (code, reason) }
                defer { inbox.closeSent = true }
                return !inbox.closeSent
            }
            if answer {
                var echo = context.channel.allocator.buffer(capacity: 2)
                echo.writeInteger(code)
                let frame = WebSocketFrame(fin: true, opcode: .connectionClose, maskKey: .random(), data: echo)
                let channel = context.channel
                context.writeAndFlush(wrapOutboundOut(frame)).whenComplete { _ in channel.close(promise: nil) }
            }
        case .ping:
            let pong = WebSocketFrame(fin: true, opcode: .pong, maskKey: .random(), data: frame.unmaskedData)
            context.writeAndFlush(wrapOutboundOut(pong), promise: nil)
        default:
            break
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        update { $0.ended = true }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    /// Changes the inbox and wakes every waiter.
    @discardableResult
    private func update<T>(_ change: (inout TestWebSocket.Inbox) -> T) -> T {
        let (result, waiters) = inbox.withLockedValue { inbox in
            let result = change(&inbox)
            inbox.version += 1
            let waiters = Array(inbox.waiters.values)
            inbox.waiters = [:]
            return (result, waiters)
        }
        for waiter in waiters { waiter.resume() }
        return result
    }
}
