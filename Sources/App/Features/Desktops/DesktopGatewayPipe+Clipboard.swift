import Domain
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOWebSocket

/// The pool's clipboard policy on the relayed stream: each chunk is walked by its direction's guard, and only the bytes
/// it keeps go on, as slices of the chunk (no copy) or, for a message rewritten or held across chunks, new bytes.
extension DesktopGatewayPipe {
    /// Sends a chunk from the viewer on to the host, through the viewer guard when there is one.
    func toHost(_ buffer: ByteBuffer) {
        guard viewerGuard != nil else {
            host?.write(buffer, promise: nil)
            return
        }
        let cuts: [RFBCut]
        do { cuts = try viewerGuard?.walk(buffer.readableBytesView) ?? [] } catch {
            stopUnfollowed(error)
            return
        }
        if viewerGuard?.sawInput == true { lastInput.withLockedValue { $0 = Date() } }
        if let format = viewerGuard?.takePixelFormat() { hostGuard?.follow(format) }
        for piece in Self.pieces(of: buffer, cuts) { host?.write(piece, promise: nil) }
    }

    /// Sends a chunk from the host on to the viewer as binary WebSocket frames, through the host guard when there is one.
    func toViewer(_ buffer: ByteBuffer) {
        guard let viewer else { return }
        guard hostGuard != nil else {
            stats.bytesToViewer += buffer.readableBytes
            viewer.write(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .binary, data: buffer)), promise: nil)
            return
        }
        let cuts: [RFBCut]
        do { cuts = try hostGuard?.walk(buffer.readableBytesView) ?? [] } catch {
            stopUnfollowed(error)
            return
        }
        for piece in Self.pieces(of: buffer, cuts) {
            stats.bytesToViewer += piece.readableBytes
            viewer.write(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .binary, data: piece)), promise: nil)
        }
    }

    /// The buffers a chunk's cuts name: the chunk itself when it all goes on, else slices and inserted bytes.
    static func pieces(of buffer: ByteBuffer, _ cuts: [RFBCut]) -> [ByteBuffer] {
        if cuts.count == 1, case .pass(let range) = cuts[0], range.count == buffer.readableBytes { return [buffer] }
        return cuts.compactMap { cut in
            switch cut {
            case .pass(let range): buffer.getSlice(at: buffer.readerIndex + range.lowerBound, length: range.count)
            case .insert(let bytes): ByteBuffer(bytes: bytes)
            }
        }
    }

    /// The stream cannot be followed, so copied text could not be told from the rest: end the connection.
    private func stopUnfollowed(_ error: RFBStreamError) {
        stats.closeReason = "clipboard policy: \(error.message)"
        if case .unknownViewerMessage = error {
            closeViewer(code: 4400, reason: "The desktop viewer sent something the gateway cannot check for copy and paste. Reload the page.")
        } else {
            closeViewer(code: 4502, reason: "The desktop sent something the gateway cannot check for copy and paste. Tell your IT support.")
        }
    }
}
