import Foundation

/// Why bytes from a VNC host or a browser's viewer could not be read as the RFB message expected.
public enum RFBError: Error, Equatable, Sendable {
    /// Fewer bytes than the message needs: read until there are at least `needed`, then try again.
    case truncated(needed: Int, got: Int)
    /// The peer did not open with "RFB xxx.yyy\n"; it sent what is shown (non-printing bytes as "?").
    case notRFB(String)
    /// More bytes than one message: a server that keeps to the protocol waits for the client at this point.
    case trailingBytes(Int)
    /// A reason string longer than anyone would write (the limit is 64 KiB), which would only tie up memory.
    case reasonTooLong(Int)
    /// A SecurityResult other than 0 (OK) or 1 (failed).
    case unknownSecurityResult(UInt32)
    /// The DES function given for VncAuth returned other than 8 bytes.
    case badCipherOutput(Int)

    /// What the administrator who registered the desktop host reads.
    public var message: String {
        switch self {
        case .truncated(let needed, let got):
            "The desktop host stopped part-way through a message (\(got) of \(needed) bytes). "
                + "Check that the host is running and that nothing between it and this server cuts connections."
        case .notRFB(let sent):
            "The desktop host did not answer as a VNC server (it sent \"\(sent)\"). "
                + "Check the host's address and port: VNC usually listens on 5900 plus the display number."
        case .trailingBytes(let count):
            "The desktop host sent \(count) more bytes than the VNC protocol allows at this point. "
                + "Check that the port belongs to a VNC server and not to another service."
        case .reasonTooLong(let length):
            "The desktop host sent an error message \(length) bytes long, which was not read. Check the host's VNC server."
        case .unknownSecurityResult(let value):
            "The desktop host answered the sign-in with an unknown result (\(value)). Check the host's VNC server."
        case .badCipherOutput(let count):
            "The password encryption returned \(count) bytes instead of 8. This is a fault in this server: report it."
        }
    }
}

/// Big-endian numbers and length-prefixed strings as RFB puts them on the wire.
enum RFBWire {
    /// The longest reason string read: enough for any message a person wrote.
    static let maximumStringLength = 64 * 1024

    /// The u32 at `offset`, or `.truncated` when it is not all there.
    static func readU32(_ bytes: [UInt8], at offset: Int) throws(RFBError) -> UInt32 {
        guard bytes.count >= offset + 4 else { throw .truncated(needed: offset + 4, got: bytes.count) }
        return bytes[offset..<(offset + 4)].reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// The string at `offset` (u32 length + text) and the offset just after it. The text is read as UTF-8 when it is
    /// valid UTF-8, and as Latin-1 (which RFC 6143 names for strings) otherwise.
    static func readString(_ bytes: [UInt8], at offset: Int) throws(RFBError) -> (String, end: Int) {
        let length = Int(try readU32(bytes, at: offset))
        guard length <= maximumStringLength else { throw .reasonTooLong(length) }
        let end = offset + 4 + length
        guard bytes.count >= end else { throw .truncated(needed: end, got: bytes.count) }
        let text = Array(bytes[(offset + 4)..<end])
        let string = String(validating: text, as: UTF8.self) ?? String(text.map { Character(Unicode.Scalar($0)) })
        return (string, end)
    }

    /// `text` as a u32 length and UTF-8, cut to the longest string a reader accepts.
    static func stringBytes(_ text: String) -> [UInt8] {
        let utf8 = Array(text.utf8.prefix(maximumStringLength))
        let length = UInt32(utf8.count)
        return [UInt8(length >> 24), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF)] + utf8
    }

    /// Bytes as text for a message: printable ASCII as it is, anything else as "?".
    static func printable(_ bytes: ArraySlice<UInt8>) -> String {
        String(bytes.map { (0x20...0x7E).contains($0) ? Character(Unicode.Scalar($0)) : "?" })
    }
}
