import Domain
import Foundation
import Testing

/// The gateway signing in to a desktop host, fed the host's side of the conversation in every way TCP may cut it.
@Suite struct RFBHostHandshakeTests {
    static let version = Array("RFB 003.008\n".utf8)
    static let challenge = Array(UInt8(0x10)..<0x20)
    /// "secret" over `challenge`, computed with OpenSSL (see VNCAuthChallengeTests.responseMatchesOpenSSL).
    static let response: [UInt8] = [
        0x77, 0x23, 0x61, 0xF3, 0xDF, 0x67, 0x2D, 0xD0, 0x8B, 0xF6, 0x84, 0xAC, 0xC0, 0xA4, 0x49, 0xBC,
    ]
    static let ok: [UInt8] = [0, 0, 0, 0]
    /// Xvnc with its default SecurityTypes: VeNCrypt (19), VncAuth (2), a challenge, SecurityResult OK.
    static let tigerVNC = version + [2, 19, 2] + challenge + ok

    /// A u32 length and the UTF-8 of `text`.
    static func string(_ text: String) -> [UInt8] {
        let count = text.utf8.count
        return [0, 0, UInt8(count >> 8), UInt8(count & 0xFF)] + Array(text.utf8)
    }

    /// `bytes` cut into pieces of `size` (the last may be shorter).
    static func chunks(_ bytes: [UInt8], of size: Int) -> [[UInt8]] {
        stride(from: 0, to: bytes.count, by: size).map { Array(bytes[$0..<min($0 + size, bytes.count)]) }
    }

    /// Feeds `pieces` in order; returns everything sent and the pass-through bytes once the handshake has finished.
    static func feed(_ handshake: inout RFBHostHandshake, _ pieces: [[UInt8]]) throws(RFBHostHandshakeError) -> ([UInt8], [UInt8]?) {
        var sent: [UInt8] = []
        var passThrough: [UInt8]?
        for piece in pieces {
            let step = try handshake.receive(piece)
            sent += step.send
            if let more = step.passThrough { passThrough = (passThrough ?? []) + more }
        }
        return (sent, passThrough)
    }

    static func handshake(password: String? = "secret") -> RFBHostHandshake {
        RFBHostHandshake(password: password, encryptBlock: TestDES.encrypt)
    }

    @Test func answersEachMessageAsItsLastByteArrives() throws {
        // setup
        var handshake = Self.handshake()
        var sends: [Int: [UInt8]] = [:]
        var finishedAt: Int?
        // MUT
        for (index, byte) in Self.tigerVNC.enumerated() {
            let step = try handshake.receive([byte])
            if !step.send.isEmpty { sends[index] = step.send }
            if step.isFinished, finishedAt == nil { finishedAt = index }
        }
        // validate: the version after byte 12, VncAuth after the types, the response after the challenge
        #expect(sends == [11: Self.version, 14: [2], 30: Self.response])
        #expect(finishedAt == Self.tigerVNC.count - 1)
        #expect(handshake.isAuthenticated)
    }

    @Test(arguments: [1, 2, 3, 5, 7, 11, 12, 13, 16, 29, 34, 35, 100])
    func copesWithAnySplit(size: Int) throws {
        // setup: ServerInit-like bytes arrive straight after the SecurityResult
        var handshake = Self.handshake()
        let after: [UInt8] = [0, 64, 0, 48, 32, 24]
        // MUT
        let (sent, passThrough) = try Self.feed(&handshake, Self.chunks(Self.tigerVNC + after, of: size))
        // validate
        #expect(sent == Self.version + [2] + Self.response)
        #expect(passThrough == after)
    }

    @Test func passesLeftoversAndLaterBytesThrough() throws {
        // setup
        var handshake = Self.handshake()
        // MUT
        let first = try handshake.receive(Self.tigerVNC + [9, 8, 7])
        let later = try handshake.receive([6, 5])
        // validate
        #expect(first == RFBHandshakeStep(send: Self.version + [2] + Self.response, passThrough: [9, 8, 7]))
        #expect(later == RFBHandshakeStep(send: [], passThrough: [6, 5]))
    }

    @Test func usesNoneWhenTheHostOffersOnlyNone() throws {
        var handshake = Self.handshake()
        let (sent, passThrough) = try Self.feed(&handshake, [Self.version, [1, 1], Self.ok])
        #expect(sent == Self.version + [1])
        #expect(passThrough == [])
    }

    @Test func prefersVNCAuthButFallsBackToNoneWithoutAPassword() throws {
        var withPassword = Self.handshake()
        #expect(try Self.feed(&withPassword, [Self.version, [2, 1, 2]]).0 == Self.version + [2])
        var withoutPassword = Self.handshake(password: nil)
        #expect(try Self.feed(&withoutPassword, [Self.version, [3, 19, 2, 1]]).0 == Self.version + [1])
    }

    @Test func asksForAPasswordWhenNoneIsStored() {
        var handshake = Self.handshake(password: nil)
        #expect(throws: RFBHostHandshakeError.passwordMissing) { try Self.feed(&handshake, [Self.version, [2, 19, 2]]) }
        #expect(RFBHostHandshakeError.passwordMissing.message.contains("none is stored"))
    }

    @Test func refusesAHostWithNoUsableType() {
        var handshake = Self.handshake()
        let failure = RFBHostHandshakeError.noUsableSecurityType(offered: [19, 16])
        #expect(throws: failure) { try Self.feed(&handshake, [Self.version + [2, 19, 16]]) }
        #expect(failure.message.contains("19, 16") && failure.message.contains("VncAuth"))
    }

    @Test func reportsTheHostsReasonForRefusing() {
        // setup: count 0 and a reason instead of a list of types
        var handshake = Self.handshake()
        // MUT / validate
        let failure = RFBHostHandshakeError.refused(reason: "Too many connections")
        #expect(throws: failure) { try Self.feed(&handshake, Self.chunks(Self.version + [0] + Self.string("Too many connections"), of: 3)) }
        #expect(failure.message.contains("\"Too many connections\""))
    }

    @Test func reportsARefusedPassword() {
        // setup
        var handshake = Self.handshake(password: "wrong")
        let result: [UInt8] = [0, 0, 0, 1] + Self.string("Authentication failure")
        // MUT / validate
        let failure = RFBHostHandshakeError.passwordRefused(reason: "Authentication failure")
        #expect(throws: failure) { try Self.feed(&handshake, [Self.version, [2, 19, 2], Self.challenge, result]) }
        #expect(failure.message.hasPrefix("The desktop host refused the stored password"))
        #expect(failure.message.contains("Authentication failure"))
        // the failure sticks: later bytes do not restart the handshake
        #expect(throws: failure) { try handshake.receive([0]) }
    }

    @Test func reportsAFailedResultWithoutAPassword() {
        var handshake = Self.handshake()
        let result: [UInt8] = [0, 0, 0, 1] + Self.string("Not allowed")
        #expect(throws: RFBHostHandshakeError.refused(reason: "Not allowed")) {
            try Self.feed(&handshake, [Self.version, [1, 1], result])
        }
    }

    @Test func catchesAServiceThatIsNotVNCAtItsFirstByte() {
        // setup: a web server on the VNC port
        var handshake = Self.handshake()
        // MUT / validate
        let failure = RFBHostHandshakeError.unreadable(.notRFB("H"))
        #expect(throws: failure) { try Self.feed(&handshake, Self.chunks(Array("HTTP/1.1 400 Bad Request\r\n".utf8), of: 1)) }
        #expect(failure.message == RFBError.notRFB("H").message)
        var whole = Self.handshake()
        #expect(throws: RFBHostHandshakeError.unreadable(.notRFB("HTTP/1.1 400"))) {
            try whole.receive(Array("HTTP/1.1 400 Bad Request\r\n".utf8))
        }
    }

    @Test(arguments: [("RFB 003.003\n", 3), ("RFB 003.007\n", 7)])
    func refusesOlderProtocols(greeting: String, minor: Int) {
        var handshake = Self.handshake()
        let failure = RFBHostHandshakeError.olderProtocol(major: 3, minor: minor)
        #expect(throws: failure) { try handshake.receive(Array(greeting.utf8)) }
        #expect(failure.message.contains("3.\(minor), which is too old") && failure.message.contains("3.8 or later"))
    }

    @Test(arguments: ["RFB 003.008\n", "RFB 003.889\n", "RFB 004.001\n", "RFB 005.000\n"])
    func answers38ToNewerProtocols(greeting: String) throws {
        var handshake = Self.handshake()
        #expect(try handshake.receive(Array(greeting.utf8)).send == Self.version)
    }

    @Test func reportsMalformedMessages() {
        var unknownResult = Self.handshake()
        #expect(throws: RFBHostHandshakeError.unreadable(.unknownSecurityResult(2))) {
            try Self.feed(&unknownResult, [Self.version, [1, 1], [0, 0, 0, 2]])
        }
        var brokenCipher = RFBHostHandshake(password: "secret") { _, _ in [] }
        #expect(throws: RFBHostHandshakeError.unreadable(.badCipherOutput(0))) {
            try Self.feed(&brokenCipher, [Self.version, [1, 2], Self.challenge])
        }
        var hugeReason = Self.handshake()
        #expect(throws: RFBHostHandshakeError.unreadable(.reasonTooLong(0x0100_0000))) {
            try Self.feed(&hugeReason, [Self.version, [0, 1, 0, 0, 0]])
        }
    }
}
