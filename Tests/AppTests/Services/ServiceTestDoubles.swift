import Foundation

@testable import App

/// A door a test holds shut: whoever waits at it stays until the test opens it, cancelled or not (a write in flight, a
/// service that ignores cancellation).
actor TestGate {
    private var isOpen = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func wait() async {
        if isOpen { return }
        await withCheckedContinuation { waiting.append($0) }
    }

    func open() {
        isOpen = true
        waiting.forEach { $0.resume() }
        waiting.removeAll()
    }
}

/// What happened, in order, as the doubles saw it.
actor TestLog<Entry: Sendable> {
    private(set) var entries: [Entry] = []

    func add(_ entry: Entry) { entries.append(entry) }
}

/// Waits until `condition` holds, failing after `seconds`.
func waitUntil(seconds: Double = 10, _ condition: @escaping @Sendable () async -> Bool) async throws {
    try await withTimeout(seconds: seconds) {
        while await !condition() { try await Task.sleep(for: .milliseconds(5)) }
    }
}
