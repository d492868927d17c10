import Domain
import Foundation
import Testing

/// The gateway greeting the browser's viewer (noVNC), fed the viewer's side in every way a socket may cut it.
@Suite struct RFBViewerHandshakeTests {
    static let version38 = Array("RFB 003.008\n".utf8)
    /// ClientInit (shared) and the start of a SetPixelFormat: what noVNC sends once the handshake is over.
    static let clientInit: [UInt8] = [1, 0, 0, 0, 0, 32, 24, 0, 1]

    /// Feeds `pieces` in order; returns everything sent and the pass-through bytes once the handshake has finished.
    static func feed(_ handshake: inout RFBViewerHandshake, _ pieces: [[UInt8]]) throws(RFBViewerHandshakeError) -> ([UInt8], [UInt8]?) {
        var sent: [UInt8] = []
        var passThrough: [UInt8]?
        for piece in pieces {
            let step = try handshake.receive(piece)
            sent += step.send
            if let more = step.passThrough { passThrough = (passThrough ?? []) + more }
        }
        return (sent, passThrough)
    }

    /// `bytes` cut into pieces of `size` (the last may be shorter).
    static func chunks(_ bytes: [UInt8], of size: Int) -> [[UInt8]] {
        stride(from: 0, to: bytes.count, by: size).map { Array(bytes[$0..<min($0 + size, bytes.count)]) }
    }

    @Test func greetsWithVersion38() {
        #expect(RFBViewerHandshake.greeting == Array("RFB 003.008\n".utf8))
    }

    @Test func answersEachMessageAsItsLastByteArrives() throws {
        // setup
        var handshake = RFBViewerHandshake()
        var sends: [Int: [UInt8]] = [:]
        var passThrough: [Int: [UInt8]] = [:]
        // MUT
        for (index, byte) in (Self.version38 + [1] + Self.clientInit).enumerated() {
            let step = try handshake.receive([byte])
            if !step.send.isEmpty { sends[index] = step.send }
            if let bytes = step.passThrough { passThrough[index] = bytes }
        }
        // validate: security types [None] after the version, SecurityResult OK after the choice, then pass-through
        #expect(sends == [11: [1, 1], 12: [0, 0, 0, 0]])
        #expect(passThrough[12] == [])
        #expect((13...21).map { passThrough[$0] ?? [] }.flatMap { $0 } == Self.clientInit)
        #expect(handshake.isFinished)
    }

    @Test(arguments: [1, 2, 3, 5, 11, 12, 13, 14, 22, 100])
    func copesWithAnySplit(size: Int) throws {
        var handshake = RFBViewerHandshake()
        let (sent, passThrough) = try Self.feed(&handshake, Self.chunks(Self.version38 + [1] + Self.clientInit, of: size))
        #expect(sent == [1, 1, 0, 0, 0, 0])
        #expect(passThrough == Self.clientInit)
    }

    @Test func passesCoalescedBytesThrough() throws {
        // setup
        var handshake = RFBViewerHandshake()
        // MUT
        let step = try handshake.receive(Self.version38 + [1] + Self.clientInit)
        let later = try handshake.receive([4, 5])
        // validate
        #expect(step == RFBHandshakeStep(send: [1, 1, 0, 0, 0, 0], passThrough: Self.clientInit))
        #expect(later == RFBHandshakeStep(send: [], passThrough: [4, 5]))
    }

    @Test func speaks37WithoutASecurityResult() throws {
        var handshake = RFBViewerHandshake()
        let (sent, passThrough) = try Self.feed(&handshake, [Array("RFB 003.007\n".utf8), [1], Self.clientInit])
        #expect(sent == [1, 1])
        #expect(passThrough == Self.clientInit)
    }

    @Test func speaks33ByNamingNone() throws {
        // setup: in 3.3 the server names the security type as a u32 and the client does not choose
        var handshake = RFBViewerHandshake()
        // MUT
        let step = try handshake.receive(Array("RFB 003.003\n".utf8) + Self.clientInit)
        // validate
        #expect(step == RFBHandshakeStep(send: [0, 0, 0, 1], passThrough: Self.clientInit))
    }

    @Test(arguments: ["RFB 003.005\n", "RFB 003.889\n", "RFB 004.001\n"])
    func refusesOtherVersions(version: String) throws {
        // setup
        var handshake = RFBViewerHandshake()
        let parsed = try RFBProtocolVersion.parse(Array(version.utf8))
        let failure = RFBViewerHandshakeError.unsupportedVersion(major: parsed.major, minor: parsed.minor)
        // MUT / validate
        #expect(throws: failure) { try handshake.receive(Array(version.utf8)) }
        #expect(failure.message.contains("3.3, 3.7 and 3.8"))
        #expect(try RFBSecurity.parse(failure.farewell) == .failure(reason: failure.message))
    }

    @Test func refusesAnyTypeButNone() throws {
        // setup
        var handshake = RFBViewerHandshake()
        // MUT / validate
        #expect(throws: RFBViewerHandshakeError.unsupportedSecurityType(2)) { try Self.feed(&handshake, [Self.version38, [2]]) }
        let failure = RFBViewerHandshakeError.unsupportedSecurityType(2)
        #expect(try RFBSecurityResult.parse(failure.farewell) == .failed(reason: failure.message))
        // the failure sticks
        #expect(throws: failure) { try handshake.receive([1]) }
    }

    @Test func refusesSomethingThatIsNotAViewer() {
        var byteByByte = RFBViewerHandshake()
        #expect(throws: RFBViewerHandshakeError.unreadable(.notRFB("G"))) {
            try Self.feed(&byteByByte, Self.chunks(Array("GET / HTTP/1.1\r\n".utf8), of: 1))
        }
        var whole = RFBViewerHandshake()
        let failure = RFBViewerHandshakeError.unreadable(.notRFB("GET / HTTP/1"))
        #expect(throws: failure) { try whole.receive(Array("GET / HTTP/1.1\r\n".utf8)) }
        #expect(failure.message.contains("GET / HTTP/1") && failure.farewell.isEmpty)
    }

    @Test func waitsWithoutAnsweringUntilAMessageIsWhole() throws {
        var handshake = RFBViewerHandshake()
        #expect(try handshake.receive([]) == RFBHandshakeStep())
        #expect(try handshake.receive(Array(Self.version38.prefix(11))) == RFBHandshakeStep())
        #expect(!handshake.isFinished)
    }
}
