import Domain
import Foundation

/// Gathers the "open my desktop" requests that arrive together for one pool, so that one database turn places them
/// all in the order they arrived: at 8am a whole practice signs in at once, and one turn each would queue them on the
/// pool's lock.
actor DesktopOpenQueue {
    private typealias Waiter = (person: PersonKey, continuation: CheckedContinuation<BrokerDecision, any Error>)
    private var pending: [UUID: [Waiter]] = [:]
    private var draining: Set<UUID> = []

    /// The broker's decision for `person`, made by `placeAll` together with everyone else who arrived meanwhile.
    func open(
        _ person: PersonKey, pool: UUID,
        placeAll: @escaping @Sendable ([PersonKey]) async throws -> [BrokerDecision]
    ) async throws -> BrokerDecision {
        try await withCheckedThrowingContinuation { continuation in
            pending[pool, default: []].append((person, continuation))
            guard draining.insert(pool).inserted else { return }
            Task { await self.drain(pool, placeAll: placeAll) }
        }
    }

    /// Places batches until nobody is left waiting for this pool.
    private func drain(_ pool: UUID, placeAll: @Sendable ([PersonKey]) async throws -> [BrokerDecision]) async {
        while let batch = pending.removeValue(forKey: pool), !batch.isEmpty {
            do {
                let decisions = try await placeAll(batch.map(\.person))
                for (waiter, decision) in zip(batch, decisions) { waiter.continuation.resume(returning: decision) }
            } catch {
                for waiter in batch { waiter.continuation.resume(throwing: error) }
            }
        }
        draining.remove(pool)
    }
}
