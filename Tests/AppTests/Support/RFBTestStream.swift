import Foundation

/// TEST HELPER: RFB messages as a viewer or a desktop sends them (RFC 6143 §7.5, §7.6), to put on a real connection.
enum RFBTestStream {
    static func u16(_ value: Int) -> [UInt8] { [UInt8(value >> 8 & 0xff), UInt8(value & 0xff)] }
    static func u32(_ value: Int) -> [UInt8] { u16(value >> 16 & 0xffff) + u16(value & 0xffff) }
    static func s32(_ value: Int32) -> [UInt8] { u32(Int(UInt32(bitPattern: value))) }

    /// ClientFence or ServerFence (the same bytes) carrying `payload` (at most 64 bytes).
    static func fence(_ payload: [UInt8]) -> [UInt8] { [248, 0, 0, 0] + u32(0) + [UInt8(payload.count)] + payload }

    /// Fences of varied lengths, `total` bytes or a little more in all.
    static func fences(totalling total: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        var index = 0
        while bytes.count < total {
            let payload = (0..<(index % 65)).map { UInt8(truncatingIfNeeded: index * 131 + $0) }
            bytes += fence(payload)
            index += 1
        }
        return bytes
    }

    /// ClientCutText (6) or ServerCutText (3) with Latin-1 `text`.
    static func cutText(_ type: UInt8, _ text: String) -> [UInt8] {
        let bytes = Array(text.utf8)
        return [type, 0, 0, 0] + u32(bytes.count) + bytes
    }

    /// An extended clipboard message (a negative length): "provide" with `payload` (unchecked here).
    static func extendedCutText(_ type: UInt8, _ payload: [UInt8]) -> [UInt8] {
        [type, 0, 0, 0] + s32(-Int32(4 + payload.count)) + [0x10, 0, 0, 0x01] + payload
    }

    static func setEncodings(_ encodings: [Int32]) -> [UInt8] { [2, 0] + u16(encodings.count) + encodings.flatMap(s32) }

    static func keyEvent(down: Bool, key: Int) -> [UInt8] { [4, down ? 1 : 0, 0, 0] + u32(key) }

    /// A FramebufferUpdate of one Raw rectangle, `width`×`height` at 4 bytes a pixel, filled with `fill`.
    static func rawUpdate(width: Int, height: Int, fill: UInt8) -> [UInt8] {
        [0, 0] + u16(1) + u16(0) + u16(0) + u16(width) + u16(height) + s32(0) + [UInt8](repeating: fill, count: width * height * 4)
    }

    /// The extended clipboard pseudo-encoding and what noVNC asks for beside it.
    static let extendedClipboard: Int32 = Int32(bitPattern: 0xC0A1_E5CE)
    static let noVNCEncodings: [Int32] = [1, 7, -260, 5, 2, 0, -26, -254, -223, -224, -258, -308, -309, -312, -313, -307, extendedClipboard, 0x574d_5664, -239]
}
