import Domain
import Fluent
import Foundation
import Vapor

extension DesktopBrokerService {
    /// One run of the broker for `pool`: store health results, note input seen by this instance's viewers, then
    /// the Domain broker's periodic work (displacements, offers, timeouts, idle warnings), and a utilisation sample
    /// once a minute.
    func tick(pool: UUID, app: Application, now: Date = Date()) async throws {
        let health = await self.health.results
        let input = viewers.lastInputBySeat()
        let (actions, changes) = try await app.db.writeTransaction { tx in
            let turn = try await DesktopPoolTurn.begin(poolID: pool, on: tx)
            var current = turn.before
            for (index, host) in turn.hosts.enumerated() {
                guard let result = health[host.id!] else { continue }
                try await Self.store(result, on: host, db: tx)
                current.hosts[index].health = host.healthy ? .healthy : .unhealthy(since: host.unhealthySince ?? now)
            }
            for hostIndex in current.hosts.indices {
                for seatIndex in current.hosts[hostIndex].seats.indices {
                    let seat = current.hosts[hostIndex].seats[seatIndex]
                    guard case .inUse = seat.state, let id = UUID(uuidString: seat.id.rawValue), let seen = input[id],
                        seen > (seat.lastActivity ?? .distantPast)
                    else { continue }
                    current.hosts[hostIndex].seats[seatIndex].lastActivity = seen
                }
            }
            let actions = DesktopBroker.tick(current, now: now)
            let after = current.applying(actions, now: now)
            for case .displace(_, let person) in actions {
                guard let id = UUID(uuidString: person.rawValue) else { continue }
                try await DesktopPersonNotice(poolID: pool, personID: id, notice: .hostFailed, at: now).create(on: tx)
            }
            try await DesktopPoolSample.record(after, pool: pool, now: now, on: tx)
            return (actions, try await turn.save(after, now: now))
        }
        await afterTurn(pool: pool, actions: actions, changes: changes, lineChanged: !actions.isEmpty, app: app)
        await retryStuckResets(pool: pool, app: app, now: now)
    }

    /// Copies a health result onto the host row, keeping when it first failed.
    private static func store(_ result: DesktopHealthRecord.Result, on host: DesktopHost, db: any Database) async throws {
        guard host.healthy != result.healthy || host.healthDetail != result.detail else { return }
        let wasHealthy = host.healthy
        host.healthy = result.healthy
        host.healthDetail = result.detail
        host.checkedAt = result.checkedAt
        if result.healthy {
            host.unhealthySince = nil
        } else if wasHealthy || host.unhealthySince == nil {
            host.unhealthySince = result.checkedAt
        }
        try await host.save(on: db)
    }

    /// Seats still resetting a minute after their reset began (this instance's or another's that stopped) get another try.
    private func retryStuckResets(pool: UUID, app: Application, now: Date) async {
        guard
            let stuck = try? await DesktopSeat.query(on: app.db).filter(\.$poolID == pool).filter(\.$state == .resetting)
                .filter(\.$stateSince < now.addingTimeInterval(-60)).all()
        else { return }
        for seat in stuck where await resets.mayRetry(seat.id!, now: now) {
            startReset(seat: seat.id!, pool: pool, app: app)
        }
    }

    /// Every pool's id, for the background loops.
    static func poolIDs(on db: any Database) async throws -> [UUID] {
        try await DesktopPool.query(on: db).all(\.$id)
    }
}
