import Domain
import Foundation
import Testing

/// Byte-level fixtures from RFC 6143 §7.1 and from what TigerVNC's Xvnc sends.
@Suite struct RFBHandshakeTests {
    /// A u32 length and the ASCII bytes of `text`, written out by hand.
    func lengthPrefixed(_ text: String) -> [UInt8] {
        let count = text.utf8.count
        return [0, 0, UInt8(count >> 8), UInt8(count & 0xFF)] + Array(text.utf8)
    }

    @Test func version38IsTwelveBytes() throws {
        #expect(RFBProtocolVersion.v3_8 == [0x52, 0x46, 0x42, 0x20, 0x30, 0x30, 0x33, 0x2E, 0x30, 0x30, 0x38, 0x0A])
        let version = try RFBProtocolVersion.parse(RFBProtocolVersion.v3_8)
        #expect(version.major == 3 && version.minor == 8)
        let older = try RFBProtocolVersion.parse(Array("RFB 003.003\n".utf8))
        #expect(older.major == 3 && older.minor == 3)
        let apple = try RFBProtocolVersion.parse(Array("RFB 003.889\n".utf8))
        #expect(apple.minor == 889)
    }

    @Test func truncatedVersionAsksForMore() {
        #expect(throws: RFBError.truncated(needed: 12, got: 0)) { try RFBProtocolVersion.parse([]) }
        #expect(throws: RFBError.truncated(needed: 12, got: 9)) { try RFBProtocolVersion.parse(Array("RFB 003.0".utf8)) }
        #expect(throws: RFBError.truncated(needed: 12, got: 11)) {
            try RFBProtocolVersion.parse(Array(RFBProtocolVersion.v3_8.dropLast()))
        }
    }

    @Test func wrongVersionIsRefused() {
        #expect(throws: RFBError.notRFB("HTTP/1.1 400")) { try RFBProtocolVersion.parse(Array("HTTP/1.1 400 Bad Request\r\n".utf8)) }
        // Caught at the first bytes, before twelve have arrived.
        #expect(throws: RFBError.notRFB("SSH-")) { try RFBProtocolVersion.parse(Array("SSH-".utf8)) }
        #expect(throws: RFBError.notRFB("RFB 003.008?")) { try RFBProtocolVersion.parse(Array("RFB 003.008\r".utf8)) }
        #expect(throws: RFBError.notRFB("RFB 3.8?")) { try RFBProtocolVersion.parse(Array("RFB 3.8\n".utf8)) }
        #expect(throws: RFBError.notRFB("rfb 003.008?")) { try RFBProtocolVersion.parse(Array("rfb 003.008\n".utf8)) }
        #expect(throws: RFBError.trailingBytes(1)) { try RFBProtocolVersion.parse(RFBProtocolVersion.v3_8 + [0x01]) }
        #expect(RFBError.notRFB("HTTP/1.1 400").message.contains("5900"))
    }

    @Test func readsTigerVNCSecurityTypes() throws {
        // Xvnc with the default SecurityTypes offers VeNCrypt (19) then VncAuth (2).
        #expect(try RFBSecurity.parse([0x02, 0x13, 0x02]) == .offered([RFBSecurity.veNCrypt, RFBSecurity.vncAuth]))
        #expect(try RFBSecurity.parse([0x01, 0x01]) == .offered([RFBSecurity.none]))
        #expect(RFBSecurity.none == 1 && RFBSecurity.vncAuth == 2 && RFBSecurity.veNCrypt == 19)
    }

    @Test func readsASecurityFailure() throws {
        let bytes: [UInt8] = [0x00, 0x00, 0x00, 0x00, 0x10] + Array("Too many clients".utf8)
        #expect(try RFBSecurity.parse(bytes) == .failure(reason: "Too many clients"))
        // A reason that is not UTF-8 is read as Latin-1.
        #expect(try RFBSecurity.parse([0, 0, 0, 0, 4, 0x43, 0x61, 0x66, 0xE9]) == .failure(reason: "Café"))
        #expect(try RFBSecurity.parse([0, 0, 0, 0, 0]) == .failure(reason: ""))
    }

    @Test func truncatedSecurityTypes() {
        #expect(throws: RFBError.truncated(needed: 1, got: 0)) { try RFBSecurity.parse([]) }
        #expect(throws: RFBError.truncated(needed: 4, got: 2)) { try RFBSecurity.parse([0x03, 0x13]) }
        #expect(throws: RFBError.truncated(needed: 5, got: 3)) { try RFBSecurity.parse([0x00, 0x00, 0x00]) }
        #expect(throws: RFBError.truncated(needed: 21, got: 7)) { try RFBSecurity.parse([0, 0, 0, 0, 0x10] + Array("To".utf8)) }
        #expect(throws: RFBError.trailingBytes(1)) { try RFBSecurity.parse([0x01, 0x01, 0x02]) }
        #expect(throws: RFBError.reasonTooLong(4_294_967_295)) { try RFBSecurity.parse([0x00, 0xFF, 0xFF, 0xFF, 0xFF]) }
    }

    @Test func readsSecurityResults() throws {
        #expect(try RFBSecurityResult.parse([0, 0, 0, 0]) == .ok)
        let failed: [UInt8] = [0, 0, 0, 1] + lengthPrefixed("Authentication failure")
        #expect(failed.count == 30)
        #expect(try RFBSecurityResult.parse(failed) == .failed(reason: "Authentication failure"))
    }

    @Test func truncatedOrUnknownSecurityResults() {
        #expect(throws: RFBError.truncated(needed: 4, got: 3)) { try RFBSecurityResult.parse([0, 0, 0]) }
        #expect(throws: RFBError.truncated(needed: 8, got: 4)) { try RFBSecurityResult.parse([0, 0, 0, 1]) }
        #expect(throws: RFBError.truncated(needed: 30, got: 12)) {
            try RFBSecurityResult.parse([0, 0, 0, 1, 0, 0, 0, 22] + Array("Auth".utf8))
        }
        #expect(throws: RFBError.unknownSecurityResult(2)) { try RFBSecurityResult.parse([0, 0, 0, 2]) }
        #expect(throws: RFBError.unknownSecurityResult(0x0100_0000)) { try RFBSecurityResult.parse([1, 0, 0, 0]) }
        #expect(throws: RFBError.trailingBytes(1)) { try RFBSecurityResult.parse([0, 0, 0, 0, 0]) }
    }

    @Test func messagesTheGatewaySendsTheBrowser() throws {
        #expect(RFBSecurity.serverSecurityTypes([RFBSecurity.none]) == [0x01, 0x01])
        #expect(RFBSecurity.securityResultOK == [0x00, 0x00, 0x00, 0x00])
        #expect(RFBSecurity.securityResultFailed(reason: "No seat") == [0, 0, 0, 1, 0, 0, 0, 7] + Array("No seat".utf8))
        #expect(RFBSecurity.serverSecurityFailure(reason: "Pool full") == [0, 0, 0, 0, 9] + Array("Pool full".utf8))
        // An empty list would read as a failure, so it is sent as one, with a reason.
        let empty = RFBSecurity.serverSecurityTypes([])
        guard case .failure(let reason) = try RFBSecurity.parse(empty) else {
            Issue.record("an empty list must be a failure")
            return
        }
        #expect(!reason.isEmpty)
        // At most 255 types fit in the count byte.
        let many = RFBSecurity.serverSecurityTypes(Array(repeating: 1, count: 300))
        #expect(many.count == 256 && many[0] == 255)
        // What the gateway writes, its own parsers read back.
        #expect(try RFBSecurityResult.parse(RFBSecurity.securityResultOK) == .ok)
        #expect(try RFBSecurityResult.parse(RFBSecurity.securityResultFailed(reason: "Café")) == .failed(reason: "Café"))
        #expect(try RFBSecurity.parse(RFBSecurity.serverSecurityTypes([1, 2])) == .offered([1, 2]))
    }

    @Test func readsTheClientsChoice() throws {
        #expect(try RFBSecurity.parseChoice([0x01]) == RFBSecurity.none)
        #expect(throws: RFBError.truncated(needed: 1, got: 0)) { try RFBSecurity.parseChoice([]) }
        #expect(throws: RFBError.trailingBytes(1)) { try RFBSecurity.parseChoice([0x01, 0x01]) }
    }
}
