import Foundation

/// The outcome of `work`, or the error `expired` gives once `limit` has passed. The work is left to finish (or not) on
/// its own, since work stuck in the database driver may not heed cancellation (PostgresNIO can lose a query written as
/// its connection closes); the timer stops when the work ends.
func outcome<T: Sendable>(
    within limit: Duration, else expired: @escaping @Sendable () -> any Error, _ work: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let first = FirstAnswer(continuation)
        let timer = Task {
            try await Task.sleep(for: limit)
            await first.answer(.failure(expired()))
        }
        Task {
            let result: Result<T, any Error>
            do { result = .success(try await work()) } catch { result = .failure(error) }
            timer.cancel()
            await first.answer(result)
        }
    }
}

/// Hands the first answer to the waiting caller and drops the rest.
private actor FirstAnswer<T: Sendable> {
    private var continuation: CheckedContinuation<T, any Error>?

    init(_ continuation: CheckedContinuation<T, any Error>) {
        self.continuation = continuation
    }

    func answer(_ result: Result<T, any Error>) {
        continuation?.resume(with: result)
        continuation = nil
    }
}
