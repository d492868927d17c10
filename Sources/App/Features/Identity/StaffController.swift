import Domain
import Fluent
import Foundation
import Plot
import Vapor

/// The people engaged by the acting organisation; inviting and ending engagements (which closes the live connections
/// that depended on the engagement).
enum StaffController {
    @Sendable static func index(req: Request) async throws -> HTML {
        let staff = try req.staff
        let model = try await StaffList.Model.load(for: staff, on: req.db)
        try await req.audit(.staffListViewed, recordType: "organisation", recordID: staff.actingOrganisation.odsCode)
        return StaffList.View(model: model, chrome: req.pageChrome).html
    }

    @Sendable static func showInvite(req: Request) async throws -> HTML {
        Invite.View(model: try Invite.Model.load(for: try req.staff), chrome: req.pageChrome).html
    }

    @Sendable static func invite(req: Request) async throws -> Response {
        let staff = try req.staff
        try staff.require(.inviteStaff)
        let draft = try req.content.decode(InvitationDraft.self)
        let roles = InvitationDraft.invitableRoles(by: staff.actingRoles)
        let checked: InvitationDraft.Checked
        do {
            checked = try draft.validate(allowedRoles: roles, today: staff.today)
        } catch {
            let model = try Invite.Model.load(for: staff, draft: draft, errors: error.errors)
            return .page(Invite.View(model: model, chrome: req.pageChrome).html, status: .unprocessableEntity)
        }
        let organisationID = try staff.actingOrganisation.requireID()
        let invitedBy = try staff.person.requireID()
        let baseURL = req.application.appConfig.publicBaseURL
        let link = try await req.db.writeTransaction { tx in
            let (invitation, link) = try await Invitations.create(checked, organisationID: organisationID, invitedBy: invitedBy, on: tx, baseURL: baseURL)
            try await req.audit(
                .invitationCreated, recordType: "invitation", recordID: invitation.id?.uuidString,
                detail: "role \(checked.role.rawValue), \(checked.kind.rawValue)", within: tx)
            return link
        }
        let model = try Invite.Model.load(for: staff, link: (checked.name, link))
        return try await Invite.View(model: model, chrome: req.pageChrome).html.encodeResponse(for: req)
    }

    @Sendable static func endEngagement(req: Request) async throws -> Response {
        let staff = try req.staff
        try staff.require(.endEngagements)
        let id = try req.uuidParameter(.engagementID)
        guard let engagement = try await Engagement.query(on: req.db).filter(\.$id == id)
            .filter(\.$organisation.$id == staff.actingOrganisation.requireID()).first()
        else { throw Abort(.notFound, reason: "There is no such engagement at \(staff.actingOrganisation.name).") }
        let today = staff.today
        let endedBy = try staff.person.requireID()
        try await req.db.writeTransaction { tx in
            let yesterday = today.adding(days: -1)
            if engagement.endsOn.map({ $0 > yesterday }) ?? true {
                engagement.endsOn = max(yesterday, engagement.startsOn)
                try await engagement.save(on: tx)
            }
            try await EstateReturns.startIfLastEngagementEnded(personID: engagement.$person.id, endedBy: endedBy, on: tx, today: today, now: Date())
            try await req.audit(.engagementEnded, recordType: "engagement", recordID: id.uuidString, within: tx)
        }
        let ending = try await liveEnding(
            person: engagement.$person.id, organisation: engagement.$organisation.id, on: req.db, today: staff.today)
        await req.application.endLiveConnections(ending, on: req.db)
        return req.redirect(to: SiteURL.staff.path, redirectType: .normal)
    }

    /// What the person still holds once an engagement has ended (permissions at its organisation, desktop pools), so
    /// that only the live connections that depended on what they lost are closed.
    private static func liveEnding(
        person: UUID, organisation: UUID, on db: any Database, today: CalendarDay
    ) async throws -> LiveEnding {
        let active = try await Engagement.query(on: db).filter(\.$person.$id == person).with(\.$organisation).all()
            .filter { $0.isActive(on: today) }
            .map { StaffContext.ActiveEngagement(engagement: $0, organisation: $0.organisation) }
        let roles = active.filter { $0.organisation.id == organisation }.map(\.engagement.role)
        return .engagementEnded(
            person: person, organisation: organisation, stillPermitted: StaffRole.permissions(for: roles),
            poolsStillOpen: try await DesktopAccess.poolIDs(for: active, on: db))
    }
}
