@testable import App
import Domain
import Fluent
import Foundation
import Testing

/// The staff pages as a practice manager sees them, and the invitation an invitee opens.
struct StaffViewTests {
    /// An engagement at the practice with its person loaded, as `StaffList.Model.load` finds it.
    static func engagement(
        _ id: String, name: String, role: StaffRole, kind: EngagementKind, starts: CalendarDay, ends: CalendarDay? = nil
    ) -> Engagement {
        let person = Person(id: UUID(uuidString: "00000000-0000-0000-0000-0000000000\(id)")!, name: name, email: "\(id)@example.nhs.uk")
        let engagement = Engagement(
            personID: person.id!, organisationID: SnapshotFixtures.practice.id!, role: role, kind: kind,
            period: try! EngagementPeriod(starts: starts, ends: ends))
        engagement.id = UUID(uuidString: "00000000-0000-0000-0000-0000000000e\(id.suffix(1))")
        engagement.$person.value = person
        return engagement
    }

    /// An active permanent GP, a locum whose engagement has ended, both under a manager who may end engagements.
    @Test func theStaffList() {
        // setup
        let staff = SnapshotFixtures.staff(.practiceManager)
        let today = SnapshotFixtures.today
        let engagements = [
            Self.engagement("d2", name: "Dr Ben Okafor", role: .gp, kind: .permanent, starts: CalendarDay(year: 2025, month: 4, day: 1)!),
            Self.engagement(
                "d3", name: "Dr Carys Lewis", role: .gp, kind: .locum, starts: CalendarDay(year: 2026, month: 11, day: 2)!,
                ends: CalendarDay(year: 2026, month: 11, day: 30)!),
        ]
        let model = StaffList.Model(engagements: engagements, today: today, canEnd: true, canInvite: true)
        // MUT + validate
        assertPageSnapshot(StaffList.View(model: model, chrome: SnapshotFixtures.chrome(staff)).html)
    }

    @Test func theInvitationFormWithTheLinkJustMade() throws {
        let staff = SnapshotFixtures.staff(.practiceManager)
        let model = try Invite.Model.load(
            for: staff, link: (name: "Dr Ben Okafor", url: "https://surgery.example/invitation/snapshot-token"))
        assertPageSnapshot(Invite.View(model: model, chrome: SnapshotFixtures.chrome(staff)).html)
    }

    @Test func theInvitationFormWithErrors() throws {
        let staff = SnapshotFixtures.staff(.practiceManager)
        let draft = InvitationDraft(name: "Dr Carys Lewis", email: "carys", role: "gp", kind: "locum", startsOn: "2026-12-08")
        let errors = [
            FormError(field: "email", message: "Enter an email address in the right format, like name@nhs.net"),
            FormError(field: "endsOn", message: "A locum engagement needs a last day"),
        ]
        let model = try Invite.Model.load(for: staff, draft: draft, errors: errors)
        assertPageSnapshot(Invite.View(model: model, chrome: SnapshotFixtures.chrome(staff)).html)
    }

    /// A new account's invitation, its two passwords not the same.
    @Test func anInvitationForANewAccount() {
        let invitation = Invitation()
        invitation.name = "Dr Carys Lewis"
        invitation.email = "carys.lewis@example.nhs.uk"
        invitation.role = .gp
        invitation.kind = .locum
        invitation.startsOn = CalendarDay("2026-12-08")!
        invitation.endsOn = CalendarDay("2027-01-31")
        invitation.$organisation.value = SnapshotFixtures.practice
        var model = AcceptInvitation.Model(invitation: invitation, existing: nil, signedIn: false, token: "snapshot-token")
        model.errors = [FormError(field: "confirm", message: "The two passwords are not the same")]
        assertPageSnapshot(AcceptInvitation.View(model: model, chrome: SnapshotFixtures.chrome()).html)
    }
}
