/// Follows the messages a viewer sends a VNC host (RFC 6143 §7.5 and the extensions noVNC uses) across frame
/// boundaries, to tell keyboard and mouse input from the viewer's own requests for screen updates: only input counts
/// as someone using the seat.
public struct RFBInputScanner: Sendable {
    /// Bytes still to skip of the message being read, once its length is known.
    private var skipping = 0
    /// The start of a message whose length is not known yet.
    private var header: [UInt8] = []
    /// Set after a message type this scanner does not know: from then on every byte counts as input, so that an
    /// unknown viewer is never taken for an idle one.
    public private(set) var lost = false

    public init() {}

    /// Reads `bytes` (the part of the stream after the handshake and ClientInit) and says whether they held input.
    public mutating func scan(_ bytes: some Collection<UInt8>) -> Bool {
        if lost { return !bytes.isEmpty }
        var input = false
        var index = bytes.startIndex
        while index != bytes.endIndex {
            if skipping > 0 {
                let step = min(skipping, bytes.distance(from: index, to: bytes.endIndex))
                skipping -= step
                index = bytes.index(index, offsetBy: step)
                continue
            }
            header.append(bytes[index])
            index = bytes.index(after: index)
            switch Self.length(of: header) {
            case .needMore:
                continue
            case .unknown:
                lost = true
                return true
            case .known(let total, let isInput):
                input = input || isInput
                skipping = total - header.count
                header.removeAll(keepingCapacity: true)
            }
        }
        return input
    }

    enum Length { case needMore, unknown, known(Int, isInput: Bool) }

    /// The whole length of the message that starts with `header`, once enough of it has arrived to say.
    static func length(of header: [UInt8]) -> Length {
        func u16(_ at: Int) -> Int { Int(header[at]) << 8 | Int(header[at + 1]) }
        func u32(_ at: Int) -> Int { Int(header[at]) << 24 | Int(header[at + 1]) << 16 | Int(header[at + 2]) << 8 | Int(header[at + 3]) }
        switch header[0] {
        case 0: return .known(20, isInput: false)  // SetPixelFormat
        case 2: return header.count < 4 ? .needMore : .known(4 + 4 * u16(2), isInput: false)  // SetEncodings
        case 3: return .known(10, isInput: false)  // FramebufferUpdateRequest
        case 4: return .known(8, isInput: true)  // KeyEvent
        case 5: return .known(6, isInput: true)  // PointerEvent
        case 6: return header.count < 8 ? .needMore : .known(8 + Int(Int32(bitPattern: UInt32(u32(4))).magnitude), isInput: true)  // ClientCutText (negative: extended)
        case 150: return .known(10, isInput: false)  // EnableContinuousUpdates
        case 248: return header.count < 9 ? .needMore : .known(9 + Int(header[8]), isInput: false)  // ClientFence
        case 250: return .known(4, isInput: true)  // xvp (reboot, shutdown): someone acting
        case 251: return header.count < 8 ? .needMore : .known(8 + 16 * Int(header[6]), isInput: false)  // SetDesktopSize
        case 255: return header.count < 2 ? .needMore : (header[1] == 0 ? .known(12, isInput: true) : .unknown)  // QEMU key
        default: return .unknown
        }
    }
}
