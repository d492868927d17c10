import Foundation

/// The two programs that bridge one RDP seat to the gateway, as argument vectors (no shell): an `Xvnc` on loopback with
/// a password of its own, and an `xfreerdp` drawing the Windows session full-screen inside it. The person's password
/// goes to FreeRDP's stdin and their user name into a private `.rdp` file: neither is ever on a command line, which
/// every user of the machine can read.
public struct RDPBridgeLaunch: Sendable, Equatable {
    public var display: Int
    public var vncPort: Int
    public var passwordFile: String
    public var rdpHost: String
    public var rdpPort: Int
    /// `sha256:` and the certificate's hash in hex (from the pool file), or nil: the certificate must then be one the
    /// gateway's machine trusts, for the host's name.
    public var certificateFingerprint: String?
    public var width: Int
    public var height: Int
    public var desktopName: String

    public init(
        display: Int, vncPort: Int, passwordFile: String, rdpHost: String, rdpPort: Int, certificateFingerprint: String?,
        width: Int = 1280, height: Int = 800, desktopName: String
    ) {
        self.display = display
        self.vncPort = vncPort
        self.passwordFile = passwordFile
        self.rdpHost = rdpHost
        self.rdpPort = rdpPort
        self.certificateFingerprint = certificateFingerprint
        self.width = width
        self.height = height
        self.desktopName = desktopName
    }

    /// `Xvnc`'s arguments: loopback only, VncAuth with the bridge's own password, no X over TCP.
    public var xvncArguments: [String] {
        [
            ":\(display)", "-localhost", "1", "-interface", "127.0.0.1", "-rfbport", String(vncPort), "-nolisten", "tcp",
            "-SecurityTypes", "VncAuth", "-PasswordFile", passwordFile, "-geometry", "\(width)x\(height)", "-depth", "24",
            "-AlwaysShared", "-BlacklistTimeout", "0", "-desktop", desktopName,
        ]
    }

    /// `xfreerdp`'s arguments: a window the size of the bridge's screen, at its top left. With credentials: the `.rdp` file first (the user name), and FreeRDP reads the password
    /// from stdin before it connects. Without: the host's own sign-in screen. Sound stays on the host; the clipboard is
    /// FreeRDP's default, so that it reaches the bridge's display, where the gateway's clipboard policy applies.
    public func freerdpArguments(rdpFile: String?) -> [String] {
        var arguments: [String] = []
        if let rdpFile { arguments.append(rdpFile) }
        arguments += [
            "/v:\(rdpHost):\(rdpPort)", certificateArgument, "/size:\(width)x\(height)", "/audio-mode:2",
            "/log-level:WARN",
        ]
        if rdpFile != nil { arguments.append("/from-stdin:force") }
        return arguments
    }

    /// `xdotool`'s arguments that give FreeRDP's window the keyboard once it shows. The bridge runs no window manager
    /// (the window, as large as the screen, needs no frame), and without one nobody else would: FreeRDP sends no keys
    /// until its window has the input focus.
    public static let focusArguments = ["search", "--sync", "--onlyvisible", "--class", "xfreerdp", "windowfocus"]

    /// FreeRDP's certificate rule: the pinned hash, or refusal of any certificate the machine's CAs do not vouch for.
    public var certificateArgument: String {
        certificateFingerprint.map { "/cert:fingerprint:\($0)" } ?? "/cert:deny"
    }

    /// The `.rdp` file that carries the user name (and domain) to FreeRDP.
    public static func rdpFile(for credentials: RDPCredentials) -> String {
        "username:s:\(credentials.user)\r\ndomain:s:\(credentials.domain)\r\n"
    }

    /// What FreeRDP reads from stdin: the password and a line end.
    public static func stdin(for credentials: RDPCredentials) -> String { credentials.password + "\n" }

    /// A certificate hash from a pool file in FreeRDP's form, `sha256:ad:b3:…` (lower-case, colon-separated), or nil
    /// when it is not `sha256:` followed by 32 bytes in hex (with or without colons).
    public static func fingerprint(_ text: String) -> String? {
        let parts = text.trimmingCharacters(in: .whitespaces).lowercased().split(separator: ":", maxSplits: 1)
        guard parts.count == 2, parts[0] == "sha256" else { return nil }
        let digits = parts[1].filter { $0 != ":" }
        guard digits.count == 64, digits.allSatisfy(\.isHexDigit) else { return nil }
        var pairs: [String] = []
        var index = digits.startIndex
        while index < digits.endIndex {
            let next = digits.index(index, offsetBy: 2)
            pairs.append(String(digits[index..<next]))
            index = next
        }
        return "sha256:" + pairs.joined(separator: ":")
    }
}

/// The password file TigerVNC's `-PasswordFile` reads (what `vncpasswd -f` writes): the password's first 8 bytes,
/// NUL-padded, DES-encrypted under VNC's fixed key, with VNC's bit order (as `VNCAuthChallenge.key`).
public enum VNCPasswordFile {
    private static let fixedKey: [UInt8] = [23, 82, 107, 6, 35, 78, 88, 7]

    public static func contents(password: String, encryptBlock: (_ key8: [UInt8], _ block8: [UInt8]) -> [UInt8]) -> [UInt8] {
        let key = fixedKey.map(VNCAuthChallenge.reversedBits)
        var block = Array(password.utf8.prefix(8))
        block += [UInt8](repeating: 0, count: 8 - block.count)
        return encryptBlock(key, block)
    }
}
