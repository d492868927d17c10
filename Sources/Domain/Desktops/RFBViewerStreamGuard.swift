import Foundation

/// How the host encodes pixels (RFC 6143 §7.4): what the gateway needs to know to step over pixel data.
public struct RFBPixelFormat: Sendable, Hashable {
    public var bitsPerPixel: Int
    public var depth: Int
    public var trueColour: Bool
    public var maxima: [Int]

    /// Reads the 16 bytes of a PIXEL_FORMAT starting at `at`.
    init(_ bytes: [UInt8], at: Int) {
        bitsPerPixel = Int(bytes[at])
        depth = Int(bytes[at + 1])
        trueColour = bytes[at + 3] != 0
        maxima = [bytes.u16(at + 4), bytes.u16(at + 6), bytes.u16(at + 8)]
    }

    public var bytesPerPixel: Int { max(bitsPerPixel / 8, 1) }

    /// Tight's TPIXEL: 3 bytes when pixels are 32-bit true colour of depth 24 with 8 bits a colour, else a pixel.
    var tightPixel: Int { trueColour && bitsPerPixel == 32 && depth == 24 && maxima == [255, 255, 255] ? 3 : bytesPerPixel }
}

/// Follows what a viewer sends a host after the handshake (its ClientInit, then the messages of RFC 6143 §7.5 and the
/// extensions noVNC uses) and enforces a pool's clipboard policy on it: ClientCutText goes on only when the policy lets
/// text reach the desktop, the extended clipboard never (it is followed only when the policy is `both`, when the gateway
/// passes everything), and SetEncodings keeps only the encodings the host side can follow. A message type it does not
/// know is an error: the gateway cannot tell where copied text would be, so it ends the connection.
public struct RFBViewerStreamGuard: Sendable {
    private var walker: RFBStreamWalker<Reader>

    public init(policy: ClipboardPolicy) {
        walker = RFBStreamWalker(reader: Reader(policy: policy))
    }

    /// Reads one chunk from the viewer and says which of its bytes go on to the host.
    public mutating func walk(_ bytes: some RandomAccessCollection<UInt8>) throws(RFBStreamError) -> [RFBCut] {
        walker.reader.input = false
        return try walker.walk(bytes)
    }

    /// Whether the last chunk held keyboard or mouse input (someone using the seat).
    public var sawInput: Bool { walker.reader.input }

    /// A pixel format the viewer asked for since the last call, which the host side must follow from now on.
    public mutating func takePixelFormat() -> RFBPixelFormat? {
        defer { walker.reader.pixelFormat = nil }
        return walker.reader.pixelFormat
    }

    /// The encodings the host side can follow (RFC 6143 §7.7 and the pseudo-encodings noVNC asks for); the viewer's
    /// SetEncodings is cut down to these. Left out: TightPNG, ZRLE's relatives, and the extended clipboard.
    public static func followed(_ encoding: Int32) -> Bool {
        switch encoding {
        case 0, 1, 2, 5, 7, 16: true  // Raw, CopyRect, RRE, Hextile, Tight, ZRLE
        case -32 ... -23, -256 ... -247: true  // JPEG quality and compression levels: settings, never rectangles
        case -223, -224, -239, -258, -307, -308, -309, -312, -313: true
        case 0x574d_5664: true  // VMware cursor
        default: false
        }
    }

    struct Reader: RFBStreamReader {
        let policy: ClipboardPolicy
        var clientInitRead = false
        var input = false
        var pixelFormat: RFBPixelFormat?

        var holdsNextPart: Bool { clientInitRead }
        var firstNeed: Int { 1 }

        mutating func read(_ part: [UInt8]) throws(RFBStreamError) -> RFBStep {
            guard clientInitRead else {
                clientInitRead = true
                return .pass(skip: 0)
            }
            switch part[0] {
            case 0:  // SetPixelFormat
                guard part.count == 20 else { return .need(20) }
                pixelFormat = RFBPixelFormat(part, at: 4)
                return .pass(skip: 0)
            case 2:  // SetEncodings
                guard part.count >= 4 else { return .need(4) }
                let total = 4 + 4 * part.u16(2)
                guard part.count == total else { return .need(total) }
                let kept = stride(from: 4, to: total, by: 4).filter { Self.followedAt(part, $0) }
                guard kept.count < part.u16(2) else { return .pass(skip: 0) }
                let count = [UInt8(kept.count >> 8), UInt8(kept.count & 0xff)]
                return .replace([2, 0] + count + kept.flatMap { part[$0..<$0 + 4] })
            case 3: return .pass(skip: 9)  // FramebufferUpdateRequest
            case 4, 250:  // KeyEvent, xvp: someone acting
                input = true
                return .pass(skip: part[0] == 4 ? 7 : 3)
            case 5:  // PointerEvent
                input = true
                return .pass(skip: 5)
            case 6:  // ClientCutText; a negative length is the extended clipboard
                guard part.count == 8 else { return .need(8) }
                input = true
                let length = part.s32(4)
                let size = Int(length.magnitude)
                return policy.allowsToDesktop && length >= 0 ? .pass(skip: size) : .drop(skip: size)
            case 150: return .pass(skip: 9)  // EnableContinuousUpdates
            case 248:  // ClientFence
                guard part.count == 9 else { return .need(9) }
                return .pass(skip: Int(part[8]))
            case 251:  // SetDesktopSize
                guard part.count == 8 else { return .need(8) }
                return .pass(skip: 16 * Int(part[6]))
            case 255:  // QEMU extended key event
                guard part.count == 2 else { return .need(2) }
                guard part[1] == 0 else { throw .unknownViewerMessage(255) }
                input = true
                return .pass(skip: 10)
            default:
                throw .unknownViewerMessage(part[0])
            }
        }

        private static func followedAt(_ part: [UInt8], _ at: Int) -> Bool { RFBViewerStreamGuard.followed(part.s32(at)) }
    }
}
