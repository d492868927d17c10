import Domain
import Fluent
import Foundation
import NIOConcurrencyHelpers
import NIOCore

/// The RDP bridges this instance runs, one per seat with viewers here: started by the first viewer, shared by the
/// seat's other viewers here, stopped when the last one leaves. The Windows session itself stays on its host (a
/// disconnected session), so opening the seat again starts a new bridge that reattaches to it.
actor DesktopRDPBridges {
    /// A viewer's hold on a seat's bridge; `detach` gives it back.
    struct Lease: Sendable, Hashable {
        var seat: UUID
        var bridgeID: UUID
    }

    private struct Entry {
        var id: UUID
        var start: Task<DesktopRDPBridge, any Error>
        var display: Int
        var holders: Int
    }

    /// X displays for bridges: `firstDisplay` and the `displayCount - 1` after it (VNC port 5900 + display).
    let firstDisplay: Int
    let displayCount: Int
    private var entries: [UUID: Entry] = [:]

    init(firstDisplay: Int = 300, displayCount: Int = 200) {
        self.firstDisplay = firstDisplay
        self.displayCount = displayCount
    }

    /// The seat's bridge, started now if there is none here: where the gateway connects and with which password.
    /// `ended` runs if FreeRDP leaves while viewers hold the bridge.
    func attach(
        seat: DesktopSeat, host: DesktopHost, credentials: RDPCredentials?, group: any EventLoopGroup,
        ended: @escaping @Sendable (String) -> Void
    ) async throws -> (lease: Lease, bridge: DesktopRDPBridge) {
        let seatID = try seat.requireID()
        if var entry = entries[seatID] {
            entry.holders += 1
            entries[seatID] = entry
            return try await bridge(of: entry, seat: seatID)
        }
        let id = UUID()
        let displays = freeDisplays()
        let start = Task<DesktopRDPBridge, any Error> {
            var problems: [String] = []
            // a display whose lock file or port another program took in the meantime makes Xvnc exit: try the next
            for display in displays.prefix(5) {
                do {
                    return try await DesktopRDPBridge.start(
                        display: display, seat: seat, host: host, credentials: credentials, group: group
                    ) { words in
                        Task { await self.bridgeEnded(seat: seatID, id: id) }
                        ended(words)
                    }
                } catch let failure as DesktopRDPBridge.Failure {
                    problems.append(failure.description)
                }
            }
            throw DesktopRDPBridge.Failure(
                description: problems.isEmpty ? "no free display for a bridge" : problems.joined(separator: "; "))
        }
        let entry = Entry(id: id, start: start, display: displays.first ?? firstDisplay, holders: 1)
        entries[seatID] = entry
        return try await bridge(of: entry, seat: seatID)
    }

    /// One viewer leaves: the last one's leaving stops the bridge.
    func detach(_ lease: Lease) async {
        guard var entry = entries[lease.seat], entry.id == lease.bridgeID else { return }
        entry.holders -= 1
        guard entry.holders <= 0 else {
            entries[lease.seat] = entry
            return
        }
        entries[lease.seat] = nil
        (try? await entry.start.value)?.stop()
    }

    /// At shutdown: every bridge stops.
    func stopAll() async {
        let all = entries.values
        entries = [:]
        for entry in all { (try? await entry.start.value)?.stop() }
    }

    var count: Int { entries.count }

    private func bridge(of entry: Entry, seat: UUID) async throws -> (lease: Lease, bridge: DesktopRDPBridge) {
        do {
            return (Lease(seat: seat, bridgeID: entry.id), try await entry.start.value)
        } catch {
            if entries[seat]?.id == entry.id { entries[seat] = nil }
            throw error
        }
    }

    /// FreeRDP left by itself: the next viewer starts a new bridge.
    private func bridgeEnded(seat: UUID, id: UUID) async {
        guard let entry = entries[seat], entry.id == id else { return }
        entries[seat] = nil
        (try? await entry.start.value)?.stop()
    }

    /// Displays in the range that no bridge here uses and whose X lock file is absent, in order.
    private func freeDisplays() -> [Int] {
        let used = Set(entries.values.map(\.display))
        return (firstDisplay..<(firstDisplay + displayCount)).filter { display in
            !used.contains(display) && !FileManager.default.fileExists(atPath: "/tmp/.X\(display)-lock")
        }
    }
}

/// Stops this instance's RDP bridges at shutdown.
struct DesktopRDPBridgeStopper: SiteService {
    let name = "desktop RDP bridges"
    let bridges: DesktopRDPBridges

    func run() async {
        while !Task.isCancelled { try? await Task.sleep(for: .seconds(3600)) }
    }

    func finish() async { await bridges.stopAll() }
}

/// Windows credentials a person gave with a viewer's ticket, held on this instance until the gateway admits that
/// ticket (at most the ticket's 60 seconds), then handed to that connection's FreeRDP alone. Never stored or logged.
/// A ticket used on another instance finds none here: that viewer gets the Windows sign-in screen.
final class DesktopRDPCredentialHandoff: Sendable {
    private struct Held: Sendable {
        var credentials: RDPCredentials
        var until: Date
    }

    private let held = NIOLockedValueBox<[String: Held]>([:])

    /// Holds `credentials` for the ticket whose digest is `ticketDigest`.
    func hold(_ credentials: RDPCredentials, ticketDigest: String, now: Date = Date()) {
        held.withLockedValue { held in
            held = held.filter { $0.value.until > now }
            held[ticketDigest] = Held(credentials: credentials, until: now.addingTimeInterval(DesktopConnectTicket.lifetime))
        }
    }

    /// The credentials held for the ticket, once: the second call finds none.
    func take(ticketDigest: String, now: Date = Date()) -> RDPCredentials? {
        held.withLockedValue { held in
            guard let entry = held.removeValue(forKey: ticketDigest), entry.until > now else { return nil }
            return entry.credentials
        }
    }

    var count: Int { held.withLockedValue { $0.count } }
}
