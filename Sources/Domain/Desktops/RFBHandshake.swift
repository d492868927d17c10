import Foundation

/// The ProtocolVersion message (RFC 6143 §7.1.1): 12 bytes, "RFB 003.008\n", sent first by the server, then by the
/// client with the version it will speak. The desktop gateway speaks 3.8 to the VNC host and to the browser.
public enum RFBProtocolVersion {
    /// "RFB 003.008\n".
    public static let v3_8: [UInt8] = Array("RFB 003.008\n".utf8)
    public static let length = 12

    /// Reads one ProtocolVersion message: exactly 12 bytes of the form "RFB xxx.yyy\n". Bytes that already differ
    /// from that form are refused before all 12 have arrived, so that a web server on the VNC port is caught at once.
    public static func parse(_ bytes: [UInt8]) throws(RFBError) -> (major: Int, minor: Int) {
        let pattern = Array("RFB 000.000\n".utf8)
        for (index, byte) in bytes.prefix(length).enumerated() {
            let expected = pattern[index]
            let fits = expected == UInt8(ascii: "0") ? (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) : byte == expected
            guard fits else { throw .notRFB(RFBWire.printable(bytes.prefix(length))) }
        }
        guard bytes.count >= length else { throw .truncated(needed: length, got: bytes.count) }
        guard bytes.count == length else { throw .trailingBytes(bytes.count - length) }
        let number = { (range: Range<Int>) in bytes[range].reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) } }
        return (number(4..<7), number(8..<11))
    }
}

/// The security handshake (RFC 6143 §7.1.2): the server lists the security types it offers, the client picks one.
public enum RFBSecurity {
    /// No authentication: what the gateway offers the browser, which has already signed in to the app.
    public static let none: UInt8 = 1
    /// DES challenge and response with the desktop's password.
    public static let vncAuth: UInt8 = 2
    /// TLS and other sub-types; TigerVNC offers it first.
    public static let veNCrypt: UInt8 = 19

    /// Reads the server's security-types message: a count byte and that many types, or a count of 0 followed by the
    /// reason the server refuses the connection (u32 length + text).
    public static func parse(_ bytes: [UInt8]) throws(RFBError) -> RFBSecurityTypes {
        guard let count = bytes.first else { throw .truncated(needed: 1, got: 0) }
        if count == 0 {
            let (reason, end) = try RFBWire.readString(bytes, at: 1)
            guard bytes.count == end else { throw .trailingBytes(bytes.count - end) }
            return .failure(reason: reason)
        }
        let end = 1 + Int(count)
        guard bytes.count >= end else { throw .truncated(needed: end, got: bytes.count) }
        guard bytes.count == end else { throw .trailingBytes(bytes.count - end) }
        return .offered(Array(bytes[1..<end]))
    }

    /// Reads the client's one-byte choice of security type.
    public static func parseChoice(_ bytes: [UInt8]) throws(RFBError) -> UInt8 {
        guard let choice = bytes.first else { throw .truncated(needed: 1, got: 0) }
        guard bytes.count == 1 else { throw .trailingBytes(bytes.count - 1) }
        return choice
    }

    /// The security-types message the gateway sends the browser, e.g. `serverSecurityTypes([RFBSecurity.none])`. At
    /// most 255 types are sent; an empty list would mean failure, so it becomes a failure with a plain reason.
    public static func serverSecurityTypes(_ types: [UInt8]) -> [UInt8] {
        guard !types.isEmpty else { return serverSecurityFailure(reason: "No security types are available.") }
        let sent = types.prefix(255)
        return [UInt8(sent.count)] + sent
    }

    /// The security-types message that refuses the connection with `reason`, which the browser's viewer shows.
    public static func serverSecurityFailure(reason: String) -> [UInt8] {
        [0] + RFBWire.stringBytes(reason)
    }

    /// SecurityResult OK: u32 0.
    public static let securityResultOK: [UInt8] = [0, 0, 0, 0]

    /// SecurityResult failed (u32 1) with the reason that RFB 3.8 adds.
    public static func securityResultFailed(reason: String) -> [UInt8] {
        [0, 0, 0, 1] + RFBWire.stringBytes(reason)
    }
}

/// What a server offers in its security-types message.
public enum RFBSecurityTypes: Sendable, Hashable {
    /// The types it offers, in its order of preference.
    case offered([UInt8])
    /// The server refuses the connection, and says why.
    case failure(reason: String)
}

/// The server's SecurityResult message (RFC 6143 §7.1.3).
public enum RFBSecurityResult: Sendable, Hashable {
    case ok
    /// Authentication failed; in 3.8 the server says why ("Authentication failure", "Too many security failures").
    case failed(reason: String)

    /// Reads one SecurityResult: u32 0 (OK), or u32 1 followed by the reason (u32 length + text).
    public static func parse(_ bytes: [UInt8]) throws(RFBError) -> RFBSecurityResult {
        let status = try RFBWire.readU32(bytes, at: 0)
        switch status {
        case 0:
            guard bytes.count == 4 else { throw .trailingBytes(bytes.count - 4) }
            return .ok
        case 1:
            let (reason, end) = try RFBWire.readString(bytes, at: 4)
            guard bytes.count == end else { throw .trailingBytes(bytes.count - end) }
            return .failed(reason: reason)
        default:
            throw .unknownSecurityResult(status)
        }
    }
}
