import Domain
import Testing

/// The gateway's clipboard guards over whole RFB streams cut into chunks of every size: what goes on is the stream
/// without the copied text the policy forbids, wherever the chunks split it, and what cannot be followed is refused.
@Suite struct RFBStreamGuardTests {
    static func u16(_ value: Int) -> [UInt8] { [UInt8(value >> 8 & 0xff), UInt8(value & 0xff)] }
    static func u32(_ value: Int) -> [UInt8] { u16(value >> 16 & 0xffff) + u16(value & 0xffff) }
    static func s32(_ value: Int32) -> [UInt8] { u32(Int(UInt32(bitPattern: value))) }
    static func rect(_ width: Int, _ height: Int, _ encoding: Int32) -> [UInt8] {
        u16(1) + u16(2) + u16(width) + u16(height) + s32(encoding)
    }
    static func cut(_ type: UInt8, _ text: String) -> [UInt8] { [type, 0, 0, 0] + u32(text.utf8.count) + Array(text.utf8) }
    static func extended(_ type: UInt8) -> [UInt8] { [type, 0, 0, 0] + s32(-8) + [0x10, 0, 0, 1] + [0, 0, 0, 0] }

    /// ServerInit: 64×48, 32 bpp depth 24 true colour with 8 bits a colour, named "seat".
    static let serverInit: [UInt8] = u16(64) + u16(48) + [32, 24, 0, 1, 0, 255, 0, 255, 0, 255, 16, 8, 0, 0, 0, 0] + u32(4) + Array("seat".utf8)

    /// Every host message and encoding the guard follows, in one stream, each rectangle's data as its encoding lays it out.
    static var hostMessages: [UInt8] {
        var update: [UInt8] = [0, 0] + u16(14)
        update += rect(2, 2, 0) + [UInt8](repeating: 7, count: 16)  // Raw
        update += rect(2, 2, 1) + u16(0) + u16(0)  // CopyRect
        update += rect(9, 9, 2) + u32(2) + [1, 2, 3, 4] + [UInt8](repeating: 5, count: 2 * (4 + 8))  // RRE
        // Hextile 20×18: four tiles (16×16, 4×16, 16×2, 4×2): raw; background + 2 coloured subrects; foreground + 1 subrect; nothing
        update += rect(20, 18, 5) + [1] + [UInt8](repeating: 9, count: 16 * 16 * 4)
        update += [2 | 8 | 16] + [1, 1, 1, 1] + [2] + [UInt8](repeating: 3, count: 2 * 6)
        update += [4 | 8] + [2, 2, 2, 2] + [1] + [0x11, 0x11]
        update += [0]
        update += rect(30, 30, 7) + [0x80, 1, 2, 3]  // Tight fill (TPIXEL of 3 bytes)
        update += rect(1, 2, 7) + [0x00] + [UInt8](repeating: 4, count: 6)  // Tight copy, 6 bytes: under 12, so raw
        update += rect(40, 3, 7) + [0x40, 1, 1] + [1, 2, 3, 4, 5, 6] + [0x85, 0x01] + [UInt8](repeating: 6, count: 133)  // palette of 2, compact length 133
        update += rect(300, 300, 7) + [0x90] + [0x80, 0x80, 0x01] + [UInt8](repeating: 8, count: 16384)  // JPEG, 3-byte length
        update += rect(64, 48, 16) + u32(5) + [1, 2, 3, 4, 5]  // ZRLE
        update += rect(9, 2, -239) + [UInt8](repeating: 1, count: 9 * 2 * 4 + 2 * 2)  // Cursor: pixels and a 2-byte-wide mask
        update += rect(2, 2, 0x574d_5664) + [1, 0] + [UInt8](repeating: 2, count: 16)  // VMware alpha cursor
        update += rect(0, 0, -307) + u32(3) + Array("abc".utf8)  // DesktopName
        update += rect(64, 48, -308) + [2, 0, 0, 0] + [UInt8](repeating: 0, count: 32)  // ExtendedDesktopSize, 2 screens
        update += rect(64, 48, -223)  // DesktopSize
        var lastRect: [UInt8] = [0, 0, 0xff, 0xff] + rect(1, 1, 0) + [1, 2, 3, 4] + rect(0, 0, -224)
        lastRect += [1, 0] + u16(0) + u16(2) + [UInt8](repeating: 0xaa, count: 12)  // SetColourMapEntries
        return update + lastRect + [2] + [248, 0, 0, 0] + u32(0) + [3, 1, 2, 3] + [250, 0, 1, 0] + [150]
    }

    /// Sends `stream` through `walk` in chunks of `size` and puts together what goes on.
    static func carry(_ stream: [UInt8], size: Int, _ walk: (ArraySlice<UInt8>) throws(RFBStreamError) -> [RFBCut]) throws -> [UInt8] {
        var out: [UInt8] = []
        var start = 0
        while start < stream.count {
            let chunk = stream[start..<min(start + size, stream.count)]
            for cut in try walk(chunk) {
                switch cut {
                case .pass(let range): out += chunk[chunk.startIndex + range.lowerBound..<chunk.startIndex + range.upperBound]
                case .insert(let bytes): out += bytes
                }
            }
            start += size
        }
        return out
    }

    static let chunkSizes = [1, 2, 3, 5, 7, 13, 64, 1000, 100_000]

    @Test(arguments: [ClipboardPolicy.off, .toDesktop, .fromDesktop])
    func theHostStreamLosesOnlyForbiddenCopiedText(policy: ClipboardPolicy) throws {
        for size in Self.chunkSizes {
            // setup
            let plain = Self.cut(3, "999 000 0018 copied")
            let stream = Self.serverInit + plain + Self.hostMessages + Self.extended(3) + Self.hostMessages + plain
            var guarded = RFBHostStreamGuard(policy: policy)
            // MUT
            let out = try Self.carry(stream, size: size) { chunk throws(RFBStreamError) in try guarded.walk(chunk) }
            // validate
            let kept = policy.allowsFromDesktop ? plain : []
            #expect(out == Self.serverInit + kept + Self.hostMessages + Self.hostMessages + kept, "chunks of \(size)")
        }
    }

    @Test(arguments: [ClipboardPolicy.off, .toDesktop, .fromDesktop])
    func theViewerStreamLosesForbiddenTextAndTheExtendedClipboard(policy: ClipboardPolicy) throws {
        let extendedClipboard = Int32(bitPattern: 0xC0A1_E5CE)
        let asked: [Int32] = [1, 7, -260, 5, 2, 0, -26, -254, -223, -224, -258, -308, -309, -312, -313, -307, extendedClipboard, 0x574d_5664, -239, 99]
        let encodings = [2, 0] + Self.u16(asked.count) + asked.flatMap(Self.s32)
        let keptEncodings = asked.filter { $0 != -260 && $0 != extendedClipboard && $0 != 99 }
        let rewritten = [2, 0] + Self.u16(keptEncodings.count) + keptEncodings.flatMap(Self.s32)
        let others: [UInt8] =
            [0, 0, 0, 0, 32, 24, 0, 1, 0, 255, 0, 255, 0, 255, 16, 8, 0, 0, 0, 0] + [3, 1] + Self.u16(0) + Self.u16(0) + Self.u16(64) + Self.u16(48)
            + [4, 1, 0, 0] + Self.u32(0x61) + [5, 1] + Self.u16(3) + Self.u16(4) + [150, 1] + Self.u16(0) + Self.u16(0) + Self.u16(64) + Self.u16(48)
            + [248, 0, 0, 0] + Self.u32(0) + [2, 9, 9] + [250, 0, 1, 2] + [251, 0] + Self.u16(64) + Self.u16(48) + [1, 0]
            + [UInt8](repeating: 0, count: 16) + [255, 0] + Self.u16(1) + Self.u32(0x61) + Self.u32(30)
        let plain = Self.cut(6, "999 000 0018 pasted")
        for size in Self.chunkSizes {
            // setup: ClientInit, then the messages
            let stream = [1] + encodings + plain + others + Self.extended(6) + others + plain
            var guarded = RFBViewerStreamGuard(policy: policy)
            // MUT
            let out = try Self.carry(stream, size: size) { chunk throws(RFBStreamError) in try guarded.walk(chunk) }
            // validate
            let kept = policy.allowsToDesktop ? plain : []
            #expect(out == [1] + rewritten + kept + others + others + kept, "chunks of \(size)")
        }
    }

    @Test func aWholeChunkWithNothingDroppedGoesOnAsOneRange() throws {
        // setup
        var guarded = RFBHostStreamGuard(policy: .off)
        let stream = Self.serverInit + Self.hostMessages
        // MUT
        let cuts = try guarded.walk(stream)
        // validate: the gateway sends the read buffer itself, no slices or copies
        #expect(cuts == [.pass(0..<stream.count)])
    }

    @Test func whatCannotBeFollowedIsRefused() {
        var host = RFBHostStreamGuard(policy: .off)
        #expect(throws: RFBStreamError.unknownHostMessage(77)) { try host.walk(Self.serverInit + [77]) }
        var encoding = RFBHostStreamGuard(policy: .off)
        #expect(throws: RFBStreamError.unknownEncoding(-260)) { try encoding.walk(Self.serverInit + [0, 0, 0, 1] + Self.rect(1, 1, -260)) }
        var viewer = RFBViewerStreamGuard(policy: .both)
        #expect(throws: RFBStreamError.unknownViewerMessage(66)) { try viewer.walk([1, 66]) }
    }

    @Test func aPixelFormatTheViewerSetsIsFollowed() throws {
        // setup: the viewer asks for 16 bits a pixel; a Raw 2×2 rectangle is then 8 bytes
        var viewer = RFBViewerStreamGuard(policy: .off)
        var host = RFBHostStreamGuard(policy: .off)
        _ = try host.walk(Self.serverInit)
        _ = try viewer.walk([1, 0, 0, 0, 0, 16, 16, 0, 1, 0, 31, 0, 63, 0, 31, 11, 5, 0, 0, 0, 0])
        // MUT
        let taken = viewer.takePixelFormat()
        let format = try #require(taken)
        host.follow(format)
        let stream: [UInt8] = [0, 0] + Self.u16(1) + Self.rect(2, 2, 0) + [UInt8](repeating: 1, count: 8) + Self.cut(3, "x")
        let cuts = try host.walk(stream)
        // validate: the cut text after the 8 bytes is found and dropped
        #expect(format.bitsPerPixel == 16)
        #expect(cuts == [.pass(0..<(stream.count - 9))])
    }
}
