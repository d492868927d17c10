import Vapor
import Foundation
import NIOConcurrencyHelpers

/// A console that keeps what a command prints, so a test reads a command's output through the command's own code.
final class RecordingConsole: Console {
    private let printed = NIOLockedValueBox<[String]>([])
    private let info = NIOLockedValueBox<[AnySendableHashable: any Sendable]>([:])

    /// Every line printed, in order.
    var lines: [String] {
        printed.withLockedValue { $0 }.joined().split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
    }

    var userInfo: [AnySendableHashable: any Sendable] {
        get { info.withLockedValue { $0 } }
        set { info.withLockedValue { $0 = newValue } }
    }

    func input(isSecure: Bool) -> String { "" }

    func output(_ text: ConsoleText, newLine: Bool) {
        printed.withLockedValue { $0.append(text.description + (newLine ? "\n" : "")) }
    }

    func report(error: String, newLine: Bool) {
        printed.withLockedValue { $0.append(error + (newLine ? "\n" : "")) }
    }

    func clear(_ type: ConsoleClear) {}

    var size: (width: Int, height: Int) { (80, 24) }
}
