import Domain
import NIOCore
import NIOPosix

/// Connects to an RDP seat, sends the connection request FreeRDP would, reads the server's confirm, then hangs up: an
/// RDP host is healthy when each of its seats answers as an RDP server. Nobody signs in, so no session is started.
enum RDPAnswerProbe {
    static func check(host: String, port: Int, group: any EventLoopGroup, timeout: TimeAmount = .seconds(3)) async throws {
        let eventLoop = group.next()
        let answered = eventLoop.makePromise(of: Void.self)
        let timer = eventLoop.scheduleTask(in: timeout) {
            answered.fail(RFBSignInProbe.Failure(description: "no RDP answer within \(timeout.nanoseconds / 1_000_000_000) s"))
        }
        defer { timer.cancel() }
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: eventLoop)
                .connectTimeout(timeout)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(ConfirmReader(answered))
                    }
                }
                .connect(host: host, port: port).get()
        } catch {
            answered.fail(error)
            throw RFBSignInProbe.Failure(description: "no connection (\(error))")
        }
        defer { channel.close(promise: nil) }
        try await channel.writeAndFlush(ByteBuffer(bytes: RDPConnectionProbe.request)).get()
        try await answered.futureResult.get()
    }

    /// Gathers the answer until it is a whole Connection Confirm, or plainly not one.
    private final class ConfirmReader: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        private var bytes: [UInt8] = []
        private let promise: EventLoopPromise<Void>

        init(_ promise: EventLoopPromise<Void>) { self.promise = promise }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            bytes += Array(unwrapInboundIn(data).readableBytesView)
            do {
                _ = try RDPConnectionProbe.read(bytes)  // a refusal of the securities offered is still an RDP server
                promise.succeed()
            } catch {
                if error.needsMoreBytes { return }
                promise.fail(RFBSignInProbe.Failure(description: "\(error)"))
            }
        }

        func channelInactive(context: ChannelHandlerContext) {
            promise.fail(RFBSignInProbe.Failure(description: "closed before answering the RDP connection request"))
        }
    }
}
