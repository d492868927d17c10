import Foundation

/// What the desktop gateway does after a handshake has read the bytes that arrived: write `send` to the peer, and,
/// once the handshake is over, stop reading RFB handshake messages and pass everything through.
public struct RFBHandshakeStep: Sendable, Hashable {
    /// Bytes to write to the peer now, in order; empty when there is nothing to say yet.
    public var send: [UInt8]
    /// nil while the handshake goes on. Once it is over: the bytes that came after its last message in the same read
    /// (often none), which belong to the desktop stream and go on to the other side unchanged.
    public var passThrough: [UInt8]?

    public init(send: [UInt8] = [], passThrough: [UInt8]? = nil) {
        self.send = send
        self.passThrough = passThrough
    }

    /// True once the handshake is over and every later byte passes through.
    public var isFinished: Bool { passThrough != nil }
}

/// Bytes received but not yet read as a message. A TCP read or a WebSocket message may hold part of a message or
/// several messages, so messages are taken off the front one at a time.
struct RFBInbox: Sendable {
    private(set) var bytes: [UInt8] = []

    mutating func append(_ more: [UInt8]) { bytes += more }

    /// Everything still unread, which leaves the inbox empty.
    mutating func takeAll() -> [UInt8] {
        defer { bytes = [] }
        return bytes
    }

    /// The first message, read by `parse` (a parser that wants exactly one message), and removed from the inbox; nil
    /// when it has not all arrived. The parsers say how long a message is by the bytes they find missing or left
    /// over, so a message split across reads waits, and one followed by more bytes is cut off at its end.
    mutating func take<Message>(_ parse: ([UInt8]) throws(RFBError) -> Message) throws(RFBError) -> Message? {
        do throws(RFBError) {
            let message = try parse(bytes)
            bytes = []
            return message
        } catch {
            switch error {
            case .truncated:
                return nil
            case .trailingBytes(let extra) where extra > 0 && extra < bytes.count:
                let length = bytes.count - extra
                let message = try parse(Array(bytes[..<length]))
                bytes.removeFirst(length)
                return message
            default:
                throw error
            }
        }
    }
}
