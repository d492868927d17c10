import Foundation

/// Follows what a host sends a viewer after the handshake (ServerInit, then the messages of RFC 6143 §7.6 with the
/// rectangles of every encoding `RFBViewerStreamGuard.followed` lets the viewer ask for) and enforces a pool's clipboard
/// policy on it: ServerCutText goes on only when the policy lets text leave the desktop, the extended clipboard never.
/// Pixel data is stepped over by count. Anything it cannot follow is an error, and the gateway ends the connection.
public struct RFBHostStreamGuard: Sendable {
    private var walker: RFBStreamWalker<RFBHostStreamReader>

    public init(policy: ClipboardPolicy) {
        walker = RFBStreamWalker(reader: RFBHostStreamReader(policy: policy))
    }

    /// Reads one chunk from the host and says which of its bytes go on to the viewer.
    public mutating func walk(_ bytes: some RandomAccessCollection<UInt8>) throws(RFBStreamError) -> [RFBCut] {
        try walker.walk(bytes)
    }

    /// The viewer changed the pixel format (SetPixelFormat): rectangles from now on are in it.
    public mutating func follow(_ format: RFBPixelFormat) {
        walker.reader.format = format
    }
}

/// The host's messages, part by part.
struct RFBHostStreamReader: RFBStreamReader {
    /// A rectangle being read: its place in the update and its size.
    struct Rectangle: Sendable {
        var left: Int
        var width: Int
        var height: Int
    }

    enum Part: Sendable {
        case serverInit, message
        /// The next rectangle header of an update with `left` rectangles still to come (65535: until LastRect).
        case rectangle(left: Int)
        /// Inside a rectangle's data, with what follows it.
        case rre(Rectangle), hextile(Rectangle, tile: Int), tight(Rectangle), tightLength(Rectangle), zrle(Rectangle)
        case vmwareCursor(Rectangle), counted(Rectangle, each: Int), screens(Rectangle)
    }

    let policy: ClipboardPolicy
    var format: RFBPixelFormat?
    var part = Part.serverInit

    init(policy: ClipboardPolicy) { self.policy = policy }

    var holdsNextPart: Bool { if case .message = part { true } else { false } }

    var firstNeed: Int {
        switch part {
        case .serverInit: 24
        case .rectangle: 12
        default: 1
        }
    }

    private var pixel: Int { format?.bytesPerPixel ?? 4 }

    mutating func read(_ bytes: [UInt8]) throws(RFBStreamError) -> RFBStep {
        switch part {
        case .serverInit:
            format = RFBPixelFormat(bytes, at: 4)
            part = .message
            return .pass(skip: bytes.u32(20))
        case .message: return try message(bytes)
        case .rectangle(let left): return try rectangle(bytes, left: left)
        case .rre(let rect):
            guard bytes.count == 4 + pixel else { return .need(4 + pixel) }
            return after(rect, skip: bytes.u32(0) * (pixel + 8))
        case .hextile(let rect, let tile): return hextile(bytes, rect, tile: tile)
        case .tight(let rect): return try tight(bytes, rect)
        case .tightLength(let rect):
            guard let size = Self.compactLength(bytes) else { return .need(bytes.count + 1) }
            return after(rect, skip: size)
        case .zrle(let rect):
            guard bytes.count == 4 else { return .need(4) }
            return after(rect, skip: bytes.u32(0))
        case .vmwareCursor(let rect):
            guard bytes.count == 2 else { return .need(2) }
            let area = rect.width * rect.height
            switch bytes[0] {
            case 0: return after(rect, skip: 2 * area * pixel)
            case 1: return after(rect, skip: 4 * area)
            default: throw .unreadable("VMware cursor type \(bytes[0])")
            }
        case .counted(let rect, let each):
            guard bytes.count == 4 else { return .need(4) }
            return after(rect, skip: bytes.u32(0) * each)
        case .screens(let rect):  // a count, 3 bytes of padding, 16 bytes a screen
            guard bytes.count == 4 else { return .need(4) }
            return after(rect, skip: 16 * Int(bytes[0]))
        }
    }

    private mutating func message(_ bytes: [UInt8]) throws(RFBStreamError) -> RFBStep {
        switch bytes[0] {
        case 0:  // FramebufferUpdate
            guard bytes.count == 4 else { return .need(4) }
            let count = bytes.u16(2)
            part = count == 0 ? .message : .rectangle(left: count)
            return .pass(skip: 0)
        case 1:  // SetColourMapEntries
            guard bytes.count == 6 else { return .need(6) }
            return .pass(skip: 6 * bytes.u16(4))
        case 2, 150: return .pass(skip: 0)  // Bell, EndOfContinuousUpdates
        case 3:  // ServerCutText; a negative length is the extended clipboard
            guard bytes.count == 8 else { return .need(8) }
            let length = bytes.s32(4)
            let size = Int(length.magnitude)
            return policy.allowsFromDesktop && length >= 0 ? .pass(skip: size) : .drop(skip: size)
        case 248:  // ServerFence
            guard bytes.count == 9 else { return .need(9) }
            return .pass(skip: Int(bytes[8]))
        case 250: return .pass(skip: 3)  // xvp
        default: throw .unknownHostMessage(bytes[0])
        }
    }

    private mutating func rectangle(_ bytes: [UInt8], left: Int) throws(RFBStreamError) -> RFBStep {
        let rect = Rectangle(left: left - 1, width: bytes.u16(4), height: bytes.u16(6))
        let area = rect.width * rect.height
        let encoding = bytes.s32(8)
        switch encoding {
        case 0: return after(rect, skip: area * pixel)
        case 1: return after(rect, skip: 4)
        case 2: part = .rre(rect)
        case 5: return area == 0 ? after(rect, skip: 0) : enter(.hextile(rect, tile: 0))
        case 7: part = .tight(rect)
        case 16: part = .zrle(rect)
        case -239: return after(rect, skip: area * pixel + (rect.width + 7) / 8 * rect.height)  // Cursor
        case 0x574d_5664: part = .vmwareCursor(rect)
        case -307: part = .counted(rect, each: 1)  // DesktopName
        case -308: part = .screens(rect)  // ExtendedDesktopSize
        case -224:  // LastRect
            part = .message
            return .pass(skip: 0)
        case -223, -258, -309, -312, -313: return after(rect, skip: 0)
        default: throw .unknownEncoding(encoding)
        }
        return .pass(skip: 0)
    }

    /// Moves to `next` for the rectangle's data.
    private mutating func enter(_ next: Part) -> RFBStep {
        part = next
        return .pass(skip: 0)
    }

    /// The rectangle ends after `skip` more bytes: then the next rectangle, or the next message.
    private mutating func after(_ rect: Rectangle, skip: Int) -> RFBStep {
        part = rect.left > 0 ? .rectangle(left: rect.left) : .message
        return .pass(skip: skip)
    }

    /// One 16×16 tile of a Hextile rectangle: its subencoding byte, its colours and its subrectangle count.
    private mutating func hextile(_ bytes: [UInt8], _ rect: Rectangle, tile: Int) -> RFBStep {
        let across = (rect.width + 15) / 16
        let (column, row) = (tile % across, tile / across)
        let tileWidth = min(16, rect.width - column * 16)
        let tileHeight = min(16, rect.height - row * 16)
        let last = tile + 1 == across * ((rect.height + 15) / 16)
        let sub = bytes[0]
        var skip: Int
        if sub & 1 != 0 {
            skip = tileWidth * tileHeight * pixel
        } else {
            let colours = (sub & 2 != 0 ? pixel : 0) + (sub & 4 != 0 ? pixel : 0)
            if sub & 8 != 0 {
                guard bytes.count == 2 + colours else { return .need(2 + colours) }
                skip = Int(bytes[1 + colours]) * (sub & 16 != 0 ? pixel + 2 : 2)
            } else {
                skip = colours
            }
        }
        if last { return after(rect, skip: skip) }
        part = .hextile(rect, tile: tile + 1)
        return .pass(skip: skip)
    }

    /// A Tight rectangle's compression control, filter and palette, up to its data.
    private mutating func tight(_ bytes: [UInt8], _ rect: Rectangle) throws(RFBStreamError) -> RFBStep {
        let tpixel = format?.tightPixel ?? 4
        let control = bytes[0]
        switch control >> 4 {
        case 8: return after(rect, skip: tpixel)  // fill
        case 9, 10:  // JPEG, PNG: a compact length, then the data
            part = .tightLength(rect)
            return .pass(skip: 0)
        case 11...: throw .unreadable("Tight compression control \(control)")
        default: break
        }
        var dataSize = rect.width * rect.height * tpixel
        var paletteBytes = 0
        if control & 0x40 != 0 {
            guard bytes.count >= 2 else { return .need(2) }
            switch bytes[1] {
            case 0, 2: break  // copy, gradient
            case 1:
                guard bytes.count == 3 else { return .need(3) }
                let colours = Int(bytes[2]) + 1
                paletteBytes = colours * tpixel
                dataSize = colours == 2 ? (rect.width + 7) / 8 * rect.height : rect.width * rect.height
            default: throw .unreadable("Tight filter \(bytes[1])")
            }
        }
        if dataSize < 12 { return after(rect, skip: paletteBytes + dataSize) }
        part = .tightLength(rect)
        return .pass(skip: paletteBytes)
    }

    /// Tight's compact length (1 to 3 bytes, 7 bits each, the high bit saying another follows), or nil if it goes on.
    static func compactLength(_ bytes: [UInt8]) -> Int? {
        var length = 0
        for (index, byte) in bytes.enumerated() {
            let bits = index == 2 ? Int(byte) : Int(byte & 0x7f)
            length |= bits << (7 * index)
            if index == 2 || byte & 0x80 == 0 { return index == bytes.count - 1 ? length : nil }
        }
        return nil
    }
}
