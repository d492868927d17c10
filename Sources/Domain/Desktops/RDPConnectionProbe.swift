/// The first exchange of RDP (ITU-T X.224 over TPKT, [MS-RDPBCGR] 2.2.1.1–2): enough to tell that an RDP server
/// answers on a port, for the health check of an RDP host, without signing in or holding a session.
public enum RDPConnectionProbe {
    /// What the server answered to the connection request.
    public enum Answer: Sendable, Equatable {
        /// A Connection Confirm: an RDP server. `protocol` is the security it chose (0 standard RDP, 1 TLS, 2 CredSSP,
        /// 8 RDSTLS), nil when it sent no negotiation response.
        case confirmed(protocol: UInt32?)
        /// A Connection Confirm carrying a negotiation failure ([MS-RDPBCGR] 2.2.1.2.2), with its code: still an RDP
        /// server, which refuses the securities offered.
        case refused(code: UInt32)
    }

    /// A Connection Request offering TLS and CredSSP, as FreeRDP's first packet: TPKT header, X.224 CR TPDU, and an
    /// RDP Negotiation Request.
    public static let request: [UInt8] = [
        0x03, 0x00, 0x00, 0x13,  // TPKT: version 3, length 19
        0x0E, 0xE0, 0x00, 0x00, 0x00, 0x00, 0x00,  // X.224: length 14, CR, dst-ref, src-ref, class 0
        0x01, 0x00, 0x08, 0x00, 0x03, 0x00, 0x00, 0x00,  // RDP_NEG_REQ: TLS | CredSSP
    ]

    /// Reads the server's answer. Throws when `bytes` are not (yet) a whole Connection Confirm: `.truncated` when more
    /// bytes are needed, `.unexpected` when they are not RDP.
    public static func read(_ bytes: [UInt8]) throws(RDPProbeError) -> Answer {
        guard bytes.count >= 4 else { throw .truncated(needed: 4, got: bytes.count) }
        guard bytes[0] == 0x03, bytes[1] == 0x00 else { throw .notRDP("not a TPKT header: \(hex(Array(bytes.prefix(4))))") }
        let length = Int(bytes[2]) << 8 | Int(bytes[3])
        guard length >= 11 else { throw .notRDP("a TPKT of \(length) bytes is too short for a Connection Confirm") }
        guard bytes.count >= length else { throw .truncated(needed: length, got: bytes.count) }
        guard bytes[5] & 0xF0 == 0xD0 else { throw .notRDP("X.224 TPDU \(hex([bytes[5]])) is not a Connection Confirm") }
        guard length >= 19 else { return .confirmed(protocol: nil) }
        let value = UInt32(bytes[15]) | UInt32(bytes[16]) << 8 | UInt32(bytes[17]) << 16 | UInt32(bytes[18]) << 24
        switch bytes[11] {
        case 0x02: return .confirmed(protocol: value)
        case 0x03: return .refused(code: value)
        default: throw .notRDP("negotiation type \(hex([bytes[11]])) is neither a response nor a failure")
        }
    }

    private static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String($0, radix: 16, uppercase: false) }.map { $0.count == 1 ? "0" + $0 : $0 }.joined(separator: " ")
    }
}

/// Why bytes read from a port are not (yet) an RDP Connection Confirm.
public enum RDPProbeError: Error, Sendable, Equatable, CustomStringConvertible {
    case truncated(needed: Int, got: Int)
    case notRDP(String)

    /// The answer so far is a start: read on.
    public var needsMoreBytes: Bool {
        if case .truncated = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .truncated(let needed, let got): "the answer ended after \(got) of \(needed) bytes"
        case .notRDP(let what): "not an RDP server: \(what)"
        }
    }
}
