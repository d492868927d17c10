/// How a pool cleans a seat: a program the operator named in the pool's file on the server, run without a shell.
///
/// Nothing a web page or the API sends can set it: it is read only from the file that `surgery desktop-pools load`
/// reads. The program gets an argument vector (no shell parses it) and an environment holding only the `SEAT_*`
/// variables, and is stopped when it runs longer than its time limit.
public struct SeatResetCommand: Sendable, Equatable, Codable {
    /// The program (an absolute path) and its arguments, passed as they are.
    public var arguments: [String]
    /// How long the program may run before it is stopped and the reset counts as failed.
    public var timeoutSeconds: Int

    public static let defaultTimeoutSeconds = 120
    public static let timeoutRange = 1...600

    public init(arguments: [String], timeoutSeconds: Int = defaultTimeoutSeconds) {
        self.arguments = arguments
        self.timeoutSeconds = timeoutSeconds
    }

    /// The program to start.
    public var program: String { arguments.first ?? "" }

    /// Every problem with the command, each saying what to change; empty when it can be run.
    public var problems: [String] {
        var problems: [String] = []
        if arguments.isEmpty {
            problems.append("resetCommand: list the program and its arguments, such as [\"/opt/surgery/reset-seat\", \"--quick\"].")
        } else if !program.hasPrefix("/") {
            problems.append("resetCommand: start with the program's full path (beginning with /), not \(program).")
        }
        if arguments.contains(where: { $0.contains("\u{0}") }) {
            problems.append("resetCommand: an argument holds a NUL character.")
        }
        if !Self.timeoutRange.contains(timeoutSeconds) {
            problems.append(
                "resetTimeoutSeconds: use \(Self.timeoutRange.lowerBound) to \(Self.timeoutRange.upperBound) seconds, not \(timeoutSeconds).")
        }
        return problems
    }

    /// The whole environment of the program: the seat, and nothing of the server's own (no keys, no database URL).
    public static func environment(seatName: String, seatHost: String, seatPort: Int, hostName: String) -> [String: String] {
        ["SEAT_NAME": seatName, "SEAT_HOST": seatHost, "SEAT_PORT": String(seatPort), "SEAT_HOST_NAME": hostName]
    }
}
