import Domain
import Foundation
import NIOConcurrencyHelpers

/// Gathers the "open my desktop" requests that arrive together for one pool, so that one database turn places them
/// all in the order they arrived: at 8am a whole practice signs in at once, and one turn each would queue them on the
/// pool's lock. Each pool has a line of its own (a `BatchWriter` with no limit on a batch).
final class DesktopOpenQueue: Sendable {
    private let lines = NIOLockedValueBox<[UUID: BatchWriter<PersonKey, DesktopBrokerService.Placement>]>([:])
    private let writeTimeout: Duration

    init(writeTimeout: Duration) {
        self.writeTimeout = writeTimeout
    }

    /// The broker's decision for `person`, made by `placeAll` together with everyone else who arrived meanwhile.
    func open(
        _ person: PersonKey, pool: UUID,
        placeAll: @escaping @Sendable ([PersonKey]) async throws -> [DesktopBrokerService.Placement]
    ) async throws -> DesktopBrokerService.Placement {
        try await line(for: pool).append(person, write: placeAll)
    }

    private func line(for pool: UUID) -> BatchWriter<PersonKey, DesktopBrokerService.Placement> {
        lines.withLockedValue { lines in
            if let line = lines[pool] { return line }
            let line = BatchWriter<PersonKey, DesktopBrokerService.Placement>(maxBatch: .max, writeTimeout: writeTimeout)
            lines[pool] = line
            return line
        }
    }
}
