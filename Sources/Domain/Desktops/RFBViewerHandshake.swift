import Foundation

/// The RFB handshake the desktop gateway does as a VNC server toward the browser's viewer (noVNC). The person has
/// already signed in to this app, so the gateway offers security type None only; it did VncAuth with the host itself.
/// Send `greeting` first, feed the viewer's bytes as they arrive, write what each step says to send, and once a step is
/// finished pass everything through: the viewer's ClientInit goes on to the host.
public struct RFBViewerHandshake: Sendable {
    /// What the gateway sends the viewer as soon as it connects: "RFB 003.008\n".
    public static let greeting = RFBProtocolVersion.v3_8

    private enum Stage: Sendable {
        case version
        case securityChoice(minor: Int)
        case finished
        case failed(RFBViewerHandshakeError)
    }

    private var stage = Stage.version
    private var inbox = RFBInbox()

    public init() {}

    /// True once the viewer has chosen None and been told it may go on.
    public var isFinished: Bool {
        if case .finished = stage { true } else { false }
    }

    /// Reads bytes from the viewer (any part of a message, or several messages) and says what to send back. After the
    /// handshake is over every byte passes through; after a failure every call throws that failure again.
    public mutating func receive(_ bytes: [UInt8]) throws(RFBViewerHandshakeError) -> RFBHandshakeStep {
        switch stage {
        case .failed(let failure): throw failure
        case .finished: return RFBHandshakeStep(passThrough: bytes)
        default: break
        }
        inbox.append(bytes)
        var send: [UInt8] = []
        do throws(RFBViewerHandshakeError) {
            while let reply = try advance() {
                send += reply
                if case .finished = stage { return RFBHandshakeStep(send: send, passThrough: inbox.takeAll()) }
            }
        } catch {
            stage = .failed(error)
            throw error
        }
        return RFBHandshakeStep(send: send)
    }

    /// Reads the next whole message, if it has arrived, and returns what to send for it (maybe nothing).
    private mutating func advance() throws(RFBViewerHandshakeError) -> [UInt8]? {
        switch stage {
        case .version:
            guard let version = try take(RFBProtocolVersion.parse) else { return nil }
            switch (version.major, version.minor) {
            case (3, 8), (3, 7):
                stage = .securityChoice(minor: version.minor)
                return RFBSecurity.serverSecurityTypes([RFBSecurity.none])
            case (3, 3):
                // In 3.3 the server names the security type (u32) and None has no SecurityResult.
                stage = .finished
                return [0, 0, 0, RFBSecurity.none]
            default:
                throw .unsupportedVersion(major: version.major, minor: version.minor)
            }
        case .securityChoice(let minor):
            guard let choice = try take(RFBSecurity.parseChoice) else { return nil }
            guard choice == RFBSecurity.none else { throw .unsupportedSecurityType(choice) }
            stage = .finished
            // 3.7 sends no SecurityResult for None; 3.8 always does.
            return minor >= 8 ? RFBSecurity.securityResultOK : []
        case .finished, .failed:
            return nil
        }
    }

    /// `RFBInbox.take`, with the reading error put in terms of the viewer.
    private mutating func take<Message>(_ parse: ([UInt8]) throws(RFBError) -> Message) throws(RFBViewerHandshakeError) -> Message? {
        do throws(RFBError) {
            return try inbox.take(parse)
        } catch {
            throw .unreadable(error)
        }
    }
}

/// Why the browser's viewer could not start a desktop session through the gateway.
public enum RFBViewerHandshakeError: Error, Sendable, Equatable {
    /// The viewer's bytes were not the RFB message expected.
    case unreadable(RFBError)
    /// The viewer asked for an RFB version other than 3.3, 3.7 or 3.8.
    case unsupportedVersion(major: Int, minor: Int)
    /// The viewer chose a security type other than None, the only one offered.
    case unsupportedSecurityType(UInt8)

    /// What the person at the browser (and the log) reads.
    public var message: String {
        switch self {
        case .unreadable(.notRFB(let sent)):
            "The browser's desktop viewer did not speak the VNC protocol (it sent \"\(sent)\"). Reload the page."
        case .unreadable:
            "The browser's desktop viewer sent a message the gateway could not read. Reload the page."
        case .unsupportedVersion(let major, let minor):
            "The browser's desktop viewer asked for VNC protocol \(major).\(minor); the gateway speaks 3.3, 3.7 and 3.8. "
                + "Reload the page to get the viewer this site provides."
        case .unsupportedSecurityType(let type):
            "The browser's desktop viewer chose security type \(type); the gateway offers only None (1). Reload the page."
        }
    }

    /// The bytes to send the viewer before closing, so that it can show why: RFB 3.8's refusal with a reason when the
    /// version is wrong, or a failed SecurityResult when the security type is; nothing for bytes that are not RFB.
    public var farewell: [UInt8] {
        switch self {
        case .unreadable: []
        case .unsupportedVersion: RFBSecurity.serverSecurityFailure(reason: message)
        case .unsupportedSecurityType: RFBSecurity.securityResultFailed(reason: message)
        }
    }
}
