import Foundation

/// The RFB handshake the desktop gateway does as a VNC viewer toward a desktop host (TigerVNC's Xvnc, which offers
/// VeNCrypt and VncAuth, or a host that offers None): version, security type, VncAuth with the host's stored password,
/// and the host's SecurityResult. Feed it the host's bytes as they arrive, write what each step says to send, and
/// once a step is finished pass everything through: the browser's ClientInit is what the host reads next.
public struct RFBHostHandshake: Sendable {
    /// Single-block DES (key8, block8) → 8 bytes, kept outside this target so that it stays free of C.
    public typealias BlockCipher = @Sendable (_ key8: [UInt8], _ block8: [UInt8]) -> [UInt8]

    private enum Stage: Sendable {
        case version, securityTypes, challenge
        case securityResult(chosen: UInt8)
        case authenticated
        case failed(RFBHostHandshakeError)
    }

    private var stage = Stage.version
    private var inbox = RFBInbox()
    private var password: String?
    private let encryptBlock: BlockCipher

    /// `password` is the host's VNC password (nil when the host is registered without one, which works only with a
    /// host that offers None); `encryptBlock` is DES for VncAuth.
    public init(password: String?, encryptBlock: @escaping BlockCipher) {
        self.password = password
        self.encryptBlock = encryptBlock
    }

    /// True once the host has accepted the gateway.
    public var isAuthenticated: Bool {
        if case .authenticated = stage { true } else { false }
    }

    /// Reads bytes from the host (any part of a message, or several messages) and says what to send back. After the
    /// handshake is over every byte passes through; after a failure every call throws that failure again.
    public mutating func receive(_ bytes: [UInt8]) throws(RFBHostHandshakeError) -> RFBHandshakeStep {
        switch stage {
        case .failed(let failure): throw failure
        case .authenticated: return RFBHandshakeStep(passThrough: bytes)
        default: break
        }
        inbox.append(bytes)
        var send: [UInt8] = []
        do throws(RFBHostHandshakeError) {
            while let reply = try advance() {
                send += reply
                if case .authenticated = stage { return RFBHandshakeStep(send: send, passThrough: inbox.takeAll()) }
            }
        } catch {
            stage = .failed(error)
            password = nil
            throw error
        }
        return RFBHandshakeStep(send: send)
    }

    /// Reads the next whole message, if it has arrived, and returns what to send for it (maybe nothing).
    private mutating func advance() throws(RFBHostHandshakeError) -> [UInt8]? {
        switch stage {
        case .version:
            guard let version = try take(RFBProtocolVersion.parse) else { return nil }
            guard (version.major, version.minor) >= (3, 8) else {
                throw .olderProtocol(major: version.major, minor: version.minor)
            }
            stage = .securityTypes
            return RFBProtocolVersion.v3_8
        case .securityTypes:
            guard let types = try take(RFBSecurity.parse) else { return nil }
            let chosen = try choose(types)
            stage = chosen == RFBSecurity.vncAuth ? .challenge : .securityResult(chosen: chosen)
            return [chosen]
        case .challenge:
            guard let challenge = try take(VNCAuthChallenge.init) else { return nil }
            let response: [UInt8]
            do throws(RFBError) {
                response = try VNCAuthChallenge.response(challenge: challenge, password: password ?? "", encryptBlock: encryptBlock)
            } catch {
                throw .unreadable(error)
            }
            self.password = nil
            stage = .securityResult(chosen: RFBSecurity.vncAuth)
            return response
        case .securityResult(let chosen):
            guard let result = try take(RFBSecurityResult.parse) else { return nil }
            guard case .failed(let reason) = result else {
                stage = .authenticated
                return []
            }
            throw chosen == RFBSecurity.vncAuth ? .passwordRefused(reason: reason) : .refused(reason: reason)
        case .authenticated, .failed:
            return nil
        }
    }

    /// VncAuth when the host offers it and a password is stored, else None when offered; nothing else will do.
    private func choose(_ types: RFBSecurityTypes) throws(RFBHostHandshakeError) -> UInt8 {
        switch types {
        case .failure(let reason):
            throw .refused(reason: reason)
        case .offered(let offered):
            if offered.contains(RFBSecurity.vncAuth), password != nil { return RFBSecurity.vncAuth }
            if offered.contains(RFBSecurity.none) { return RFBSecurity.none }
            if offered.contains(RFBSecurity.vncAuth) { throw .passwordMissing }
            throw .noUsableSecurityType(offered: offered)
        }
    }

    /// `RFBInbox.take`, with the reading error put in terms of the host.
    private mutating func take<Message>(_ parse: ([UInt8]) throws(RFBError) -> Message) throws(RFBHostHandshakeError) -> Message? {
        do throws(RFBError) {
            return try inbox.take(parse)
        } catch {
            throw .unreadable(error)
        }
    }
}
