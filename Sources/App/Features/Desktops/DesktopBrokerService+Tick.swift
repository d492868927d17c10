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
            try await Self.sample(after, pool: pool, now: now, db: tx)
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

    /// Records how full the pool is in each minute: the most seats taken and the most people waiting at any tick of it,
    /// so that someone who waited for a few seconds still shows on the chart.
    private static func sample(_ pool: PoolSnapshot, pool id: UUID, now: Date, db: any Database) async throws {
        let minute = Date(timeIntervalSince1970: (now.timeIntervalSince1970 / 60).rounded(.down) * 60)
        let seats = pool.hosts.reduce(0) { $0 + $1.seats.count }
        let occupied = pool.hosts.reduce(0) { $0 + $1.load }
        let waiting = pool.activeWaiters.count
        if let sample = try await DesktopPoolSample.query(on: db).filter(\.$poolID == id).filter(\.$minute == minute).first() {
            guard occupied > sample.occupied || waiting > sample.waiting || seats != sample.seats else { return }
            sample.seats = seats
            sample.occupied = max(sample.occupied, occupied)
            sample.waiting = max(sample.waiting, waiting)
            try await sample.save(on: db)
            return
        }
        let sample = DesktopPoolSample()
        sample.poolID = id
        sample.minute = minute
        sample.seats = seats
        sample.occupied = occupied
        sample.waiting = waiting
        try await sample.create(on: db)
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
