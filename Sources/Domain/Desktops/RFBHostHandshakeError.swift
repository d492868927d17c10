import Foundation

/// Why the desktop gateway could not sign in to a desktop host, in words for the administrator who registered it.
public enum RFBHostHandshakeError: Error, Sendable, Equatable {
    /// The host's bytes were not the RFB message expected (not a VNC server, cut short, or malformed).
    case unreadable(RFBError)
    /// The host speaks a protocol older than RFB 3.8.
    case olderProtocol(major: Int, minor: Int)
    /// The host refused the connection before sign-in, or refused access without a password, and said why.
    case refused(reason: String)
    /// The host asks for a VNC password and none is stored for it.
    case passwordMissing
    /// The host offers only security types the gateway cannot use.
    case noUsableSecurityType(offered: [UInt8])
    /// The host turned down the stored password, and said why.
    case passwordRefused(reason: String)

    /// What the administrator reads: what happened and what to change.
    public var message: String {
        switch self {
        case .unreadable(let error):
            error.message
        case .olderProtocol(let major, let minor):
            "The desktop host speaks VNC protocol \(major).\(minor), which is too old: the gateway needs 3.8 or later. "
                + "Update the host's VNC server (TigerVNC speaks 3.8)."
        case .refused(let reason):
            "The desktop host refused the connection" + Self.saying(reason)
                + ". Check the host's VNC server settings and its log."
        case .passwordMissing:
            "The desktop host asks for a VNC password, but none is stored for it. Enter the host's password in the pool."
        case .noUsableSecurityType(let offered):
            "The desktop host offers only security types \(offered.map(String.init).joined(separator: ", ")), "
                + "none of which the gateway can use. Allow VncAuth on the host (TigerVNC: -SecurityTypes VncAuth)."
        case .passwordRefused(let reason):
            "The desktop host refused the stored password" + Self.saying(reason)
                + ". Check that the password in the pool matches the host's VNC password (only its first 8 characters count)."
        }
    }

    /// ` (it said "reason")`, or nothing when the host gave no reason.
    private static func saying(_ reason: String) -> String {
        reason.isEmpty ? "" : " (it said \"\(reason)\")"
    }
}
