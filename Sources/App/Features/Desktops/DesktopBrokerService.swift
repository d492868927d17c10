import Domain
import Fluent
import Foundation
import Vapor

/// This instance's desktop broker: places people through the Domain broker inside one locked database turn per pool,
/// then carries out what follows (resets, notices, closing viewers) on every instance through the event bus.
final class DesktopBrokerService: Sendable {
    let openQueue: DesktopOpenQueue
    let viewers = DesktopViewers()
    let resets = DesktopResetsInFlight()
    let health = DesktopHealthRecord()
    let background = BackgroundWork()
    let rdpBridges = DesktopRDPBridges()
    let rdpCredentials = DesktopRDPCredentialHandoff()
    let statusBoards = DesktopStatusBoards()

    /// `writeTimeout`: how long the people opening a pool together wait for their placing turn before they are told
    /// to try again.
    init(writeTimeout: Duration) {
        openQueue = DesktopOpenQueue(writeTimeout: writeTimeout)
    }

    /// What one person was told on opening a pool: the broker's decision and, with a seat, its name.
    struct Placement: Sendable {
        var decision: BrokerDecision
        var seatName: String?
    }

    /// What `person` gets on opening `pool`; those who arrive together are placed in one turn, in arrival order. The
    /// notices kept for those who get a seat are cleared in the same turn.
    func open(person: UUID, pool: UUID, app: Application) async throws -> Placement {
        try await openQueue.open(PersonKey(person.uuidString), pool: pool) { people in
            let (decisions, changes) = try await app.db.writeTransaction { tx in
                let turn = try await DesktopPoolTurn.begin(poolID: pool, on: tx)
                // the time is read once the pool is locked, so that the line's times follow its order across instances
                let now = Date()
                let (told, snapshot) = DesktopBroker.openAll(people, in: turn.before, now: now)
                var decisions: [Placement] = []
                var seated: [UUID] = []
                for (person, decision) in zip(people, told) {
                    switch decision {
                    case .yourSeat(let seat), .newSeat(let seat):
                        let name = UUID(uuidString: seat.rawValue).flatMap { turn.seats[$0]?.name }
                        decisions.append(Placement(decision: decision, seatName: name))
                        if let id = UUID(uuidString: person.rawValue) { seated.append(id) }
                    case .waiting:
                        decisions.append(Placement(decision: decision))
                    }
                }
                let changes = try await turn.save(snapshot, now: now)
                if !seated.isEmpty {
                    try await DesktopPersonNotice.query(on: tx).filter(\.$poolID == pool).filter(\.$personID ~~ seated).delete()
                }
                return (decisions, changes)
            }
            await self.afterTurn(pool: pool, actions: [], changes: changes, lineChanged: true, app: app)
            return decisions
        }
    }

    /// Signs `person` out of `pool`: their seat is reset (then freed for the next in line), an offer to them is turned
    /// down, and they leave the line. `reason` is what their open viewers show as they close; `audit`, when given, is
    /// written in the same transaction.
    func signOut(person: UUID, pool: UUID, reason: String, audit: AuditRecord? = nil, app: Application) async throws {
        let now = Date()
        let (actions, changes) = try await app.db.writeTransaction { tx in
            let turn = try await DesktopPoolTurn.begin(poolID: pool, on: tx)
            let actions = DesktopBroker.signOut(PersonKey(person.uuidString), in: turn.before)
            let changes = try await turn.save(turn.before.applying(actions, now: now), now: now)
            if let audit { try await app.auditTrail.append(audit, within: tx) }
            return (actions, changes)
        }
        await afterTurn(pool: pool, actions: actions, changes: changes, lineChanged: true, closeReason: reason, app: app)
    }

    /// A viewer of `person` connected to `seat`: the seat is in use again (it may have been disconnected). False when
    /// the seat is not theirs any more.
    func viewerConnected(person: UUID, seat: UUID, pool: UUID, app: Application) async throws -> Bool {
        let now = Date()
        let key = PersonKey(person.uuidString)
        let result: (Bool, [DesktopPoolTurn.SeatChange]) = try await app.db.writeTransaction { tx in
            let turn = try await DesktopPoolTurn.begin(poolID: pool, on: tx)
            guard turn.before.seat(of: key) == SeatID(seat.uuidString) else { return (false, []) }
            let after = turn.before.applying(.yourSeat(SeatID(seat.uuidString)), for: key, now: now)
            return (true, try await turn.save(after, now: now))
        }
        await afterTurn(pool: pool, actions: [], changes: result.1, lineChanged: false, app: app)
        return result.0
    }

    /// The last viewer of `seat` on this instance closed: the seat stays the person's, disconnected.
    func viewerClosed(person: UUID, seat: UUID, pool: UUID, app: Application) async throws {
        let now = Date()
        let changes = try await app.db.writeTransaction { tx in
            let turn = try await DesktopPoolTurn.begin(poolID: pool, on: tx)
            return try await turn.save(turn.before.viewerClosed(by: PersonKey(person.uuidString), now: now), now: now)
        }
        await afterTurn(pool: pool, actions: [], changes: changes, lineChanged: false, app: app)
    }

    /// Resets, notices and viewer closings that follow a committed turn.
    func afterTurn(
        pool: UUID, actions: [BrokerAction], changes: [DesktopPoolTurn.SeatChange], lineChanged: Bool,
        closeReason: String? = nil, app: Application
    ) async {
        var events: [DesktopEvent] = []
        var reasons: [UUID: String] = [:]
        for action in actions {
            switch action {
            case .warnIdle(_, let person):
                if let id = UUID(uuidString: person.rawValue) { events.append(DesktopEvent(kind: .idleWarning, pool: pool, person: id)) }
            case .disconnectIdle(let seat, _):
                if let id = UUID(uuidString: seat.rawValue) { reasons[id] = DesktopNotice.idleDisconnected.text }
            case .displace(let seat, let person):
                if let id = UUID(uuidString: seat.rawValue) { reasons[id] = DesktopNotice.hostFailed.text }
                if let id = UUID(uuidString: person.rawValue) { events.append(DesktopEvent(kind: .hostFailed, pool: pool, person: id)) }
            default: break
            }
        }
        for change in changes {
            if case .resetting = change.to { startReset(seat: change.seatID, pool: pool, app: app) }
            guard let holder = change.from.holder else { continue }
            let keepsViewing: Bool
            if case .inUse(let person, _) = change.to { keepsViewing = person == holder } else { keepsViewing = false }
            if !keepsViewing, case .inUse = change.from {
                let reason = reasons[change.seatID] ?? closeReason ?? DesktopNotice.signedOut.text
                events.append(DesktopEvent(kind: .closeViewers, pool: pool, seat: change.seatID, reason: reason))
            }
        }
        if !changes.isEmpty || lineChanged || !events.isEmpty { events.append(DesktopEvent(kind: .poolChanged, pool: pool)) }
        for event in events {
            do { try await app.events.publish(event.liveEvent, on: app.db) } catch {
                app.logger.warning("desktop event not sent", metadata: ["kind": "\(event.kind.rawValue)", "error": "\(error)"])
            }
        }
    }
}

extension Application {
    private struct DesktopBrokerKey: StorageKey { typealias Value = DesktopBrokerService }

    /// This instance's desktop broker, made in `configure`.
    var desktopBroker: DesktopBrokerService {
        get { storage[DesktopBrokerKey.self]! }
        set { storage[DesktopBrokerKey.self] = newValue }
    }
}
