import Foundation
import Vapor

/// What the desktop broker tells pages and gateways on every instance, over the event bus.
struct DesktopEvent: Codable, Sendable, Equatable {
    static let topic = "desktops"

    enum Kind: String, Codable, Sendable {
        /// Seats or the waiting line changed: pages recompute their person's place.
        case poolChanged
        /// Close every viewer of `seat` with `reason` (signed out, disconnected for someone waiting).
        case closeViewers
        /// `person`'s seat has been idle while others wait: it will be disconnected unless used.
        case idleWarning
        /// `person`'s host stopped answering: their seat is gone and they are first in line.
        case hostFailed
    }

    var kind: Kind
    var pool: UUID
    var seat: UUID?
    var person: UUID?
    var reason: String?

    var liveEvent: LiveEvent {
        LiveEvent(topic: Self.topic, body: String(decoding: (try? JSONEncoder().encode(self)) ?? Data(), as: UTF8.self))
    }

    init(kind: Kind, pool: UUID, seat: UUID? = nil, person: UUID? = nil, reason: String? = nil) {
        (self.kind, self.pool, self.seat, self.person, self.reason) = (kind, pool, seat, person, reason)
    }

    init?(_ event: LiveEvent) {
        guard event.topic == Self.topic, let value = try? JSONDecoder().decode(Self.self, from: Data(event.body.utf8)) else {
            return nil
        }
        self = value
    }
}

/// Why a desktop could not be opened or managed, in words the person can act on.
enum DesktopError: AbortError {
    case noSQL
    case noSuchPool
    case notAllowed(pool: String)
    case noSeat
    case badPoolFile(String)

    var status: HTTPResponseStatus {
        switch self {
        case .noSQL: .internalServerError
        case .noSuchPool: .notFound
        case .notAllowed: .forbidden
        case .noSeat: .conflict
        case .badPoolFile: .badRequest
        }
    }

    var reason: String {
        switch self {
        case .noSQL: "The desktop broker needs an SQL database."
        case .noSuchPool: "That desktop pool does not exist."
        case .notAllowed(let pool):
            "Your organisation or role is not among those that may use \(pool). Ask your practice manager if you need it."
        case .noSeat: "You have no seat in this pool now. Open your desktop again from the Desktops page."
        case .badPoolFile(let problem): problem
        }
    }
}
