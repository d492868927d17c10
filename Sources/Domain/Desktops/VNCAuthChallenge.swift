import Foundation

/// VNC Authentication (RFC 6143 §7.2.2): the server sends 16 random bytes, and the client answers with them encrypted
/// by DES (ECB, two 8-byte blocks) under a key made from the desktop's password. The gateway answers for the browser,
/// which never learns the desktop's password. DES itself is not in this target: the caller passes a block function.
public struct VNCAuthChallenge: Sendable, Hashable {
    public static let length = 16
    public let bytes: [UInt8]

    /// Reads the challenge message: exactly 16 bytes.
    public init(_ bytes: [UInt8]) throws(RFBError) {
        guard bytes.count >= Self.length else { throw .truncated(needed: Self.length, got: bytes.count) }
        guard bytes.count == Self.length else { throw .trailingBytes(bytes.count - Self.length) }
        self.bytes = bytes
    }

    /// The DES key VncAuth uses: the password's first 8 bytes (UTF-8), padded with zero bytes, with the bits of each
    /// byte in reverse order — a quirk of the original VNC code that every server and viewer keeps.
    public static func key(password: String) -> [UInt8] {
        let padded = Array(password.utf8.prefix(8)) + Array(repeating: 0, count: max(0, 8 - password.utf8.count))
        return padded.map(reversedBits)
    }

    /// The 16-byte response to `challenge`: each 8-byte half encrypted on its own with `encryptBlock(key8, block8)`,
    /// which must be single-block DES encryption and return 8 bytes.
    public static func response(
        challenge: VNCAuthChallenge, password: String, encryptBlock: (_ key8: [UInt8], _ block8: [UInt8]) -> [UInt8]
    ) throws(RFBError) -> [UInt8] {
        let key = key(password: password)
        var response: [UInt8] = []
        for half in [challenge.bytes[0..<8], challenge.bytes[8..<16]] {
            let encrypted = encryptBlock(key, Array(half))
            guard encrypted.count == 8 else { throw .badCipherOutput(encrypted.count) }
            response += encrypted
        }
        return response
    }

    /// 0b1000_0001 stays itself, 0b0000_0001 becomes 0b1000_0000.
    static func reversedBits(_ byte: UInt8) -> UInt8 {
        var input = byte
        var output: UInt8 = 0
        for _ in 0..<8 {
            output = output << 1 | input & 1
            input >>= 1
        }
        return output
    }
}
