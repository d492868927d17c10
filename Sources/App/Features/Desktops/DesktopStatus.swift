import Domain
import Fluent
import Foundation

/// Where one person stands in one pool, as their page shows it.
enum DesktopStatus: Sendable, Equatable {
    /// They hold a seat: in use (perhaps in another tab) or disconnected and waiting for them.
    case seat(name: String, disconnected: Bool)
    /// A seat is held for them until `until`.
    case offered(name: String, until: Date)
    /// Their place in line (1 = next) and a rough wait.
    case waiting(place: Int, estimatedWait: TimeInterval?)
    case none

    static func load(person: UUID, pool: UUID, on db: any Database, now: Date = Date()) async throws -> DesktopStatus {
        if let seat = try await DesktopSeat.query(on: db).filter(\.$poolID == pool).filter(\.$personID == person).first() {
            return of(seat: seat.name, seat.seatState, now: now)
        }
        guard
            let entry = try await DesktopWaitingEntry.query(on: db).filter(\.$poolID == pool)
                .filter(\.$personID == person).first()
        else { return .none }
        let ahead = try await DesktopWaitingEntry.query(on: db).filter(\.$poolID == pool)
            .filter(\.$position < entry.position).count()
        return .waiting(place: ahead + 1, estimatedWait: try await estimatedWait(ahead: ahead, pool: pool, on: db, now: now))
    }

    /// The status of someone holding the seat `name` in `state`: an offer that has run out is no seat.
    static func of(seat name: String, _ state: SeatState, now: Date) -> DesktopStatus {
        switch state {
        case .offered(_, let until) where until > now: .offered(name: name, until: until)
        case .offered: .none
        case .disconnected: .seat(name: name, disconnected: true)
        default: .seat(name: name, disconnected: false)
        }
    }

    /// How far back the hand-over rate is read.
    static let handOverWindow: TimeInterval = 15 * 60

    /// What the wait estimate is made from: the seats handed to people in line over the last 15 minutes and, for when
    /// none were, the seats on hosts that take new people and the pool's recent session lengths.
    struct WaitInputs: Sendable {
        var handedOver: Int
        var seats: Int
        var averageSessionLength: TimeInterval?

        func estimate(ahead: Int) -> TimeInterval? {
            if let wait = DesktopBroker.estimatedWait(ahead: ahead, handedOver: handedOver, within: handOverWindow) { return wait }
            let shape = PoolSnapshot(
                hosts: [HostSnapshot(id: "estimate", seats: (0..<seats).map { SeatSnapshot(id: SeatID("\($0)")) })],
                averageSessionLength: averageSessionLength)
            return DesktopBroker.estimatedWait(ahead: ahead, in: shape)
        }
    }

    /// From the rate at which seats went to people in line over the last 15 minutes; when none did, the broker's
    /// estimate from the seats on hosts that take new people and the pool's recent session lengths.
    static func estimatedWait(ahead: Int, pool: UUID, on db: any Database, now: Date = Date()) async throws -> TimeInterval? {
        let handedOver = try await DesktopPoolSample.handedOver(pool: pool, within: handOverWindow, now: now, on: db)
        if let wait = DesktopBroker.estimatedWait(ahead: ahead, handedOver: handedOver, within: handOverWindow) { return wait }
        return try await waitInputs(pool: pool, handedOver: handedOver, on: db).estimate(ahead: ahead)
    }

    static func waitInputs(pool: UUID, on db: any Database, now: Date = Date()) async throws -> WaitInputs {
        let handedOver = try await DesktopPoolSample.handedOver(pool: pool, within: handOverWindow, now: now, on: db)
        return try await waitInputs(pool: pool, handedOver: handedOver, on: db)
    }

    private static func waitInputs(pool: UUID, handedOver: Int, on db: any Database) async throws -> WaitInputs {
        let hosts = try await DesktopHost.query(on: db).filter(\.$poolID == pool).filter(\.$state == .enabled)
            .filter(\.$healthy == true).all(\.$id)
        let seats = hosts.isEmpty ? 0 : try await DesktopSeat.query(on: db).filter(\.$hostID ~~ hosts.compactMap { $0 }).count()
        let recent = try await DesktopSession.query(on: db).filter(\.$poolID == pool).filter(\.$endedAt != nil)
            .sort(\.$startedAt, .descending).limit(50).all()
        let lengths = recent.compactMap { session in session.endedAt.map { $0.timeIntervalSince(session.startedAt) } }
        let average = lengths.isEmpty ? nil : lengths.reduce(0, +) / Double(lengths.count)
        return WaitInputs(handedOver: handedOver, seats: seats, averageSessionLength: average)
    }

    /// The status as the page's script reads it from the live stream.
    var json: String {
        switch self {
        case .seat(let name, let disconnected):
            #"{"state":"seat","seat":"\#(Self.escaped(name))","disconnected":\#(disconnected)}"#
        case .offered(let name, _): #"{"state":"offered","seat":"\#(Self.escaped(name))"}"#
        case .waiting(let place, let wait):
            #"{"state":"waiting","place":\#(place),"wait":"\#(Self.escaped(Self.describe(wait)))"}"#
        case .none: #"{"state":"none"}"#
        }
    }

    /// "about 10 minutes", or a plain word when no estimate can be made yet.
    static func describe(_ wait: TimeInterval?) -> String {
        guard let wait else { return "not known yet" }
        let minutes = Int((wait / 60).rounded(.up))
        return minutes <= 1 ? "about a minute" : "about \(minutes) minutes"
    }

    private static func escaped(_ text: String) -> String {
        let data = (try? JSONEncoder().encode(text)) ?? Data("\"\"".utf8)
        return String(decoding: data.dropFirst().dropLast(), as: UTF8.self)
    }
}
