import Domain
import Fluent
import Foundation

extension DesktopPoolSample {
    /// Brings the minute's sample of `pool` up to the pool as it stands after a broker turn (`after`): the most seats
    /// taken and people waiting, plus `joined` people who came into the line and `handedOver` seats given from it.
    /// Runs inside the turn, which holds the pool, so that two instances never make the same minute twice.
    static func record(
        _ after: PoolSnapshot, pool id: UUID, joined: Int = 0, handedOver: Int = 0, now: Date, on db: any Database
    ) async throws {
        let minute = Date(timeIntervalSince1970: (now.timeIntervalSince1970 / 60).rounded(.down) * 60)
        let seats = after.hosts.reduce(0) { $0 + $1.seats.count }
        let occupied = after.hosts.reduce(0) { $0 + $1.load }
        let waiting = after.activeWaiters.count
        guard let sample = try await query(on: db).filter(\.$poolID == id).filter(\.$minute == minute).first() else {
            let sample = DesktopPoolSample()
            sample.poolID = id
            sample.minute = minute
            (sample.seats, sample.occupied, sample.waiting) = (seats, occupied, waiting)
            (sample.waited, sample.handedOver) = (joined, handedOver)
            try await sample.create(on: db)
            return
        }
        let grows = occupied > sample.occupied || waiting > sample.waiting || seats != sample.seats
        guard grows || joined > 0 || handedOver > 0 else { return }
        sample.seats = seats
        sample.occupied = max(sample.occupied, occupied)
        sample.waiting = max(sample.waiting, waiting)
        sample.waited += joined
        sample.handedOver += handedOver
        try await sample.save(on: db)
    }

    /// Seats handed to people from the line of `pool` in the last `window` (whole minutes, this one included).
    static func handedOver(pool id: UUID, within window: TimeInterval, now: Date, on db: any Database) async throws -> Int {
        let since = Date(timeIntervalSince1970: ((now.timeIntervalSince1970 - window) / 60).rounded(.up) * 60)
        let samples = try await query(on: db).filter(\.$poolID == id).filter(\.$minute >= since).filter(\.$handedOver > 0).all()
        return samples.reduce(0) { $0 + $1.handedOver }
    }
}
