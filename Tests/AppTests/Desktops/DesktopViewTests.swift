@testable import App
import Domain
import Foundation
import Plot
import Testing

/// The pages of virtual login: a person waiting in line for a seat, and the administration of a pool.
struct DesktopViewTests {
    static let poolID = UUID(uuidString: "00000000-0000-0000-0000-000000000070")!

    /// The fixture pool, used by the practice's clinicians.
    static func pool() -> DesktopPool {
        let pool = DesktopPool(
            name: "Castle Street desktops", placement: .breadthFirst, roles: [], settings: PoolSettings(), now: SnapshotFixtures.now)
        pool.id = poolID
        return pool
    }

    @Test func thePoolPageWhileWaiting() {
        // setup
        let staff = SnapshotFixtures.staff(.gp)
        let model = DesktopPoolShow.Model(pool: Self.pool(), status: .waiting(place: 3, estimatedWait: 12 * 60), notice: nil)
        // MUT + validate
        assertPageSnapshot(DesktopPoolShow.View(model: model, chrome: SnapshotFixtures.chrome(staff)).html)
    }

    @Test func thePoolPageWithASeatSaysWhichWayTextMayGo() {
        // setup: a pool whose file lets text be pasted into the desktop, nothing out
        let staff = SnapshotFixtures.staff(.gp)
        let pool = Self.pool()
        pool.clipboard = .toDesktop
        let model = DesktopPoolShow.Model(pool: pool, status: .seat(name: "host-a-seat-1", disconnected: false), notice: nil)
        // MUT
        let html = DesktopPoolShow.View(model: model, chrome: SnapshotFixtures.chrome(staff)).html
        // validate: the policy in words, the box to paste from, and no box for text from the desktop
        let text = html.render()
        #expect(text.contains(ClipboardPolicy.toDesktop.sentence))
        #expect(text.contains("id=\"desktop-clipboard-to\""))
        #expect(!text.contains("id=\"desktop-clipboard-from\""))
        assertPageSnapshot(html)
    }

    @Test func theListOfPoolsAfterSigningOut() {
        let staff = SnapshotFixtures.staff(.gp)
        let model = DesktopPools.Model(
            rows: [.init(pool: Self.pool(), status: .seat(name: "host-a-seat-1", disconnected: true))], notice: .signedOut,
            canManage: false)
        assertPageSnapshot(DesktopPools.View(model: model, chrome: SnapshotFixtures.chrome(staff)).html)
    }

    @Test func thePoolAdministrationWithASeatTakenAndALine() {
        // setup
        let staff = SnapshotFixtures.staff(.commissionerITLead, name: "Jo Reid", at: SnapshotFixtures.icb)
        let now = SnapshotFixtures.now
        let host = DesktopHost(poolID: Self.poolID, name: "host-a", address: "10.0.0.5", sealedSecret: "sealed")
        host.id = UUID(uuidString: "00000000-0000-0000-0000-000000000071")!
        let taken = DesktopSeat(poolID: Self.poolID, hostID: host.id!, name: "host-a-seat-1", vncHost: "10.0.0.5", vncPort: 5901)
        taken.id = UUID(uuidString: "00000000-0000-0000-0000-000000000072")!
        taken.state = .inUse
        taken.personID = UUID(uuidString: "00000000-0000-0000-0000-000000000081")!
        taken.stateSince = now.addingTimeInterval(-45 * 60)
        let free = DesktopSeat(poolID: Self.poolID, hostID: host.id!, name: "host-a-seat-2", vncHost: "10.0.0.5", vncPort: 5902)
        free.id = UUID(uuidString: "00000000-0000-0000-0000-000000000073")!
        let waiting = DesktopWaitingEntry(
            poolID: Self.poolID, personID: UUID(uuidString: "00000000-0000-0000-0000-000000000082")!,
            joinedAt: now.addingTimeInterval(-5 * 60), position: 1)
        let model = DesktopAdminPool.Model(
            pool: Self.pool(), resetProgram: nil, hosts: [host], seats: [taken, free], line: [waiting],
            names: [taken.personID!: "Dr Ben Hale", waiting.personID: "Nurse Amy Cole"], samples: [], hostForm: DesktopHostForm(),
            errors: [FormError(field: "seats", message: "Enter each seat as address:port, one per line, such as 10.0.0.5:5901")],
            now: now)
        // MUT + validate
        assertPageSnapshot(DesktopAdminPool.View(model: model, chrome: SnapshotFixtures.chrome(staff)).html)
    }
}
