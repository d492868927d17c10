import Foundation
import NIOConcurrencyHelpers

/// The desktop viewers connected to this instance, by seat: to close them when their person signs out or is
/// disconnected, and to read when each last sent keyboard or mouse input.
final class DesktopViewers: Sendable {
    /// One connected viewer.
    struct Viewer: Sendable {
        var person: UUID
        /// Closes the viewer's WebSocket with an RFB-level reason the page shows.
        var close: @Sendable (_ code: UInt16, _ reason: String) -> Void
        var lastInput: NIOLockedValueBox<Date?>
    }

    private let bySeat = NIOLockedValueBox<[UUID: [UUID: Viewer]]>([:])

    func add(_ viewer: Viewer, id: UUID, seat: UUID) {
        bySeat.withLockedValue { $0[seat, default: [:]][id] = viewer }
    }

    /// Removes one viewer and says how many are left on its seat on this instance.
    func remove(id: UUID, seat: UUID) -> Int {
        bySeat.withLockedValue { all in
            all[seat]?[id] = nil
            let left = all[seat]?.count ?? 0
            if left == 0 { all[seat] = nil }
            return left
        }
    }

    func count(seat: UUID) -> Int { bySeat.withLockedValue { $0[seat]?.count ?? 0 } }

    var total: Int { bySeat.withLockedValue { $0.values.reduce(0) { $0 + $1.count } } }

    /// Closes every viewer of `seat` here.
    func closeAll(seat: UUID, code: UInt16, reason: String) {
        let viewers = bySeat.withLockedValue { Array(($0[seat] ?? [:]).values) }
        for viewer in viewers { viewer.close(code, reason) }
    }

    /// The latest input on each seat with a viewer here.
    func lastInputBySeat() -> [UUID: Date] {
        bySeat.withLockedValue { all in
            all.compactMapValues { viewers in viewers.values.compactMap { $0.lastInput.withLockedValue { $0 } }.max() }
        }
    }
}
