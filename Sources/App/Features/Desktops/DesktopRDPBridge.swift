import Domain
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import VNCCipher

/// One RDP seat bridged on this machine: an `Xvnc` on loopback with a random password of its own, and an `xfreerdp`
/// inside it connected to the seat. The gateway reaches the bridge by VNC as it reaches a VNC seat. Its files (the
/// Xvnc password file, the `.rdp` file with the person's user name, FreeRDP's settings and the programs' output) are
/// in a private directory removed when the bridge stops.
final class DesktopRDPBridge: @unchecked Sendable {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let display: Int
    let vncPort: Int
    /// The bridge's VncAuth password: in this process's memory only, for the gateway.
    let password: String
    private let directory: URL
    private let xvnc: Process
    private let freerdp: Process
    private let stopped = NIOLockedValueBox(false)

    private init(display: Int, vncPort: Int, password: String, directory: URL, xvnc: Process, freerdp: Process) {
        self.display = display
        self.vncPort = vncPort
        self.password = password
        self.directory = directory
        self.xvnc = xvnc
        self.freerdp = freerdp
    }

    /// Starts the bridge on `display` and waits (at most `readyTimeout`) until its Xvnc accepts its password; then
    /// starts FreeRDP. `ended` runs once if FreeRDP leaves by itself (the person signed out of Windows, the host went
    /// away, the credentials were refused), with what FreeRDP said last.
    static func start(
        display: Int, seat: DesktopSeat, host: DesktopHost, credentials: RDPCredentials?, group: any EventLoopGroup,
        readyTimeout: Duration = .seconds(10), ended: @escaping @Sendable (String) -> Void
    ) async throws -> DesktopRDPBridge {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("surgery-rdp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        do {
            let password = String(SecretToken.generate(byteCount: 12).prefix(8))
            let passwordFile = directory.appendingPathComponent("passwd")
            try write(Data(VNCPasswordFile.contents(password: password, encryptBlock: VNCCipher.encryptBlock)), to: passwordFile)
            let launch = RDPBridgeLaunch(
                display: display, vncPort: 5900 + display, passwordFile: passwordFile.path, rdpHost: seat.vncHost,
                rdpPort: seat.vncPort, certificateFingerprint: host.certificateFingerprint, desktopName: seat.name)
            let xvnc = try spawn("Xvnc", launch.xvncArguments, directory: directory, display: nil, output: "xvnc.log")
            do {
                try await awaitReady(launch, password: password, xvnc: xvnc, group: group, timeout: readyTimeout)
                var rdpFile: String?
                if let credentials {
                    let file = directory.appendingPathComponent("connection.rdp")
                    try write(Data(RDPBridgeLaunch.rdpFile(for: credentials).utf8), to: file)
                    rdpFile = file.path
                }
                let input = credentials.map { RDPBridgeLaunch.stdin(for: $0) }
                let freerdp = try spawn(
                    "xfreerdp", launch.freerdpArguments(rdpFile: rdpFile), directory: directory, display: display,
                    output: "freerdp.log", input: input)
                // FreeRDP's window takes the keyboard once it shows; xdotool waits for it at most 30 seconds
                let focus = try spawn(
                    "xdotool", RDPBridgeLaunch.focusArguments, directory: directory, display: display, output: "focus.log")
                DispatchQueue.global().asyncAfter(deadline: .now() + 30) { stop(focus) }
                let bridge = DesktopRDPBridge(
                    display: display, vncPort: launch.vncPort, password: password, directory: directory, xvnc: xvnc, freerdp: freerdp)
                freerdp.terminationHandler = { [weak bridge] process in
                    guard let bridge, !bridge.stopped.withLockedValue({ $0 }) else { return }
                    ended(bridge.lastWords(status: process.terminationStatus))
                }
                return bridge
            } catch {
                stop(xvnc)
                throw error
            }
        } catch {
            try? FileManager.default.removeItem(at: directory)
            throw error
        }
    }

    /// Ends FreeRDP (the Windows session is left disconnected on its host, where it waits for the person), then the
    /// Xvnc, and removes the bridge's files.
    func stop() {
        let first = stopped.withLockedValue { stopped in
            defer { stopped = true }
            return !stopped
        }
        guard first else { return }
        Self.stop(freerdp)
        Self.stop(xvnc)
        // the user name and the bridge's password go at once (a server stopped in the next seconds leaves nothing of
        // them); the rest when the programs have had time to end
        for secret in ["connection.rdp", "passwd"] { try? FileManager.default.removeItem(at: directory.appendingPathComponent(secret)) }
        let directory = directory
        DispatchQueue.global().asyncAfter(deadline: .now() + 6) { try? FileManager.default.removeItem(at: directory) }
    }

    /// What FreeRDP said before it left, for the person and the log: its last error line, without anything it echoed
    /// from stdin (the "Password:" prompt is all it writes there).
    private func lastWords(status: Int32) -> String {
        let text = (try? String(contentsOf: directory.appendingPathComponent("freerdp.log"), encoding: .utf8)) ?? ""
        let errors = text.split(separator: "\n").filter { $0.contains("ERROR") }.map { line in
            line.split(separator: " - ", maxSplits: 1).last.map(String.init) ?? String(line)
        }
        return "FreeRDP exited \(status)" + (errors.last.map { ": \($0)" } ?? "")
    }

    /// Polls the bridge's port until its Xvnc accepts the password; fails when Xvnc exits or time runs out.
    private static func awaitReady(
        _ launch: RDPBridgeLaunch, password: String, xvnc: Process, group: any EventLoopGroup, timeout: Duration
    ) async throws {
        let deadline = ContinuousClock.now + timeout
        while true {
            guard xvnc.isRunning else {
                throw Failure(description: "Xvnc :\(launch.display) exited \(xvnc.terminationStatus) (display or port taken?)")
            }
            do {
                try await RFBSignInProbe.check(
                    host: "127.0.0.1", port: launch.vncPort, password: password, group: group, timeout: .seconds(1))
                return
            } catch {
                guard ContinuousClock.now < deadline else {
                    throw Failure(description: "Xvnc :\(launch.display) did not answer within \(timeout): \(error)")
                }
                try await Task.sleep(for: .milliseconds(100))
            }
        }
    }

    /// Starts `program` (found on PATH) through `env`, which restores the default handling of TERM, INT and HUP: the
    /// server ignores SIGTERM to shut down in order, and a program started from it would otherwise ignore it too. Its
    /// environment is only what it needs, with HOME the bridge's directory (FreeRDP keeps its settings there).
    private static func spawn(
        _ program: String, _ arguments: [String], directory: URL, display: Int?, output: String, input: String? = nil
    ) throws -> Process {
        guard let path = locate(program) else {
            throw Failure(description: "\(program) is not installed (Debian: tigervnc-standalone-server, freerdp2-x11, xdotool)")
        }
        let log = directory.appendingPathComponent(output)
        _ = FileManager.default.createFile(atPath: log.path, contents: nil, attributes: [.posixPermissions: 0o600])
        let handle = try FileHandle(forWritingTo: log)
        defer { try? handle.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["--default-signal=TERM,INT,HUP", path] + arguments
        var environment = ["HOME": directory.path, "PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8"]
        if let display { environment["DISPLAY"] = ":\(display)" }
        process.environment = environment
        process.currentDirectoryURL = directory
        process.standardOutput = handle
        process.standardError = handle
        let pipe = input.map { _ in Pipe() }
        if let pipe { process.standardInput = pipe } else { process.standardInput = FileHandle.nullDevice }
        try process.run()
        if let pipe, let input {
            try pipe.fileHandleForWriting.write(contentsOf: Data(input.utf8))
            try pipe.fileHandleForWriting.close()
        }
        return process
    }

    private static func locate(_ program: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        return (path.split(separator: ":") + ["/usr/bin"]).map { "\($0)/\(program)" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    private static func write(_ data: Data, to file: URL) throws {
        guard FileManager.default.createFile(atPath: file.path, contents: data, attributes: [.posixPermissions: 0o600]) else {
            throw Failure(description: "cannot write \(file.lastPathComponent) in the bridge's directory")
        }
    }

    /// SIGTERM, then SIGKILL five seconds on if the program is still there.
    private static func stop(_ process: Process) {
        guard process.isRunning else { return }
        process.terminate()
        let pid = process.processIdentifier
        DispatchQueue.global().asyncAfter(deadline: .now() + 5) { if process.isRunning { kill(pid, SIGKILL) } }
    }
}
