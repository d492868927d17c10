import Foundation

/// How the gateway reaches a host's seats: VNC straight to the seat, or RDP through a bridge on the gateway's machine
/// (an `xfreerdp` inside an `Xvnc` of its own, which the gateway then reaches by VNC).
public enum DesktopHostProtocol: String, Sendable, CaseIterable, Codable {
    case vnc, rdp
}

/// How a person signs in to Windows on an RDP seat, as the pool file says.
public enum RDPSignIn: String, Sendable, CaseIterable, Codable {
    /// The person signs in on the Windows sign-in screen, in the viewer. Needs hosts without Network Level
    /// Authentication: with NLA a host shows no sign-in screen to a client that brought no credentials.
    case signInScreen
    /// The viewer asks for the person's Windows user name and password before it connects; they are handed to this
    /// connection's FreeRDP and never stored. A person who gives none gets the sign-in screen.
    case personsCredentials
}

/// A Windows account's credentials for one RDP connection: held in memory for that connection's start, never stored,
/// logged or put on a command line.
public struct RDPCredentials: Sendable, Equatable {
    public var user: String
    public var domain: String
    public var password: String

    public init(user: String, domain: String = "", password: String) {
        self.user = user
        self.domain = domain
        self.password = password
    }

    /// Credentials from a viewer's form: nil when the user name or password is empty, or when a field holds what an
    /// `.rdp` file or FreeRDP's stdin could misread (a line break or a NUL); long values are refused too.
    public static func fromForm(user: String?, domain: String?, password: String?) -> RDPCredentials? {
        let user = (user ?? "").trimmingCharacters(in: .whitespaces)
        let domain = (domain ?? "").trimmingCharacters(in: .whitespaces)
        let password = password ?? ""
        guard !user.isEmpty, !password.isEmpty else { return nil }
        for field in [user, domain, password] {
            guard field.utf8.count <= 256, !field.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
            else { return nil }
        }
        return RDPCredentials(user: user, domain: domain, password: password)
    }

    /// This is never printed, not even by accident in a log line or a test failure.
    public var redacted: String { "RDPCredentials(user: \(user), password: …)" }
}

extension RDPCredentials: CustomStringConvertible, CustomDebugStringConvertible {
    public var description: String { redacted }
    public var debugDescription: String { redacted }
}
