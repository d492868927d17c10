import NIOCore

/// The TCP side of one gateway connection: hands the host's bytes to the pipe and holds its reads while the viewer's
/// WebSocket cannot take more.
final class DesktopHostSide: ChannelDuplexHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// Both channels run on one event loop, so the pipe is only touched there. Dropped with the TCP channel.
    private let pipe: DesktopGatewayPipe
    private var context: ChannelHandlerContext?
    private var readHeld = false

    init(pipe: DesktopGatewayPipe) { self.pipe = pipe }

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        pipe.fromHost(unwrapInboundIn(data))
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        pipe.hostReadComplete()
    }

    func read(context: ChannelHandlerContext) {
        if pipe.viewerWritable { context.read() } else { readHeld = true }
    }

    /// The viewer can take more: read again if a read was held.
    func resumeReading() {
        guard readHeld, let context else { return }
        readHeld = false
        context.read()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        pipe.hostWritabilityChanged(writable: context.channel.isWritable)
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        pipe.hostClosed()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
