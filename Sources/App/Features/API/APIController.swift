import Domain
import Fluent
import Foundation
import Vapor

/// The JSON API under /api/v1, answering for the organisation that owns the token.
enum APIController {
    struct OrganisationBody: Content {
        var odsCode: String
        var name: String
        var kind: String
        var status: String
        var postcode: String?
        var parentOdsCode: String?

        init(_ org: Organisation, parentCode: String?) {
            odsCode = org.odsCode
            name = org.name
            kind = org.kind.rawValue
            status = org.status.rawValue
            postcode = org.postcode
            parentOdsCode = parentCode
        }
    }

    struct EngagementBody: Content {
        var id: UUID
        var personName: String
        var email: String
        var role: String
        var kind: String
        var startsOn: String
        var endsOn: String?
        var active: Bool
    }

    struct InvitationCreated: Content {
        var id: UUID
        var url: String
        var expiresAt: Date
    }

    struct AuditEventBody: Content {
        var sequence: Int64
        var occurredAt: Date
        var actorID: String?
        var action: String
        var recordType: String?
        var recordID: String?
    }

    struct AuditQuery: Content {
        var limit: Int?
    }

    private static func organisationBody(_ org: Organisation, on db: any Database) async throws -> OrganisationBody {
        let parent = try await org.parentID.asyncMap { try await Organisation.find($0, on: db) } ?? nil
        return OrganisationBody(org, parentCode: parent?.odsCode)
    }

    @Sendable static func organisation(req: Request) async throws -> OrganisationBody {
        try await organisationBody(try req.requireAPIToken().organisation, on: req.db)
    }

    @Sendable static func organisationByCode(req: Request) async throws -> OrganisationBody {
        let token = try req.requireAPIToken()
        let code = try req.parameter(.odsCode)
        guard let org = try await OrganisationScope.visibleOrganisation(code: code, from: token.organisation, on: req.db, today: CalendarDay(Date()))
        else { throw Abort(.notFound, reason: "There is no organisation \(code) that this token can see.") }
        return try await organisationBody(org, on: req.db)
    }

    @Sendable static func engagements(req: Request) async throws -> [EngagementBody] {
        let token = try req.requireAPIToken()
        let today = CalendarDay(Date())
        return try await Engagement.query(on: req.db).filter(\.$organisation.$id == token.$organisation.id).with(\.$person).all()
            .map { e in
                EngagementBody(id: try e.requireID(), personName: e.person.name, email: e.person.email, role: e.role.rawValue, kind: e.kind.rawValue,
                               startsOn: e.startsOn.iso, endsOn: e.endsOn?.iso, active: e.isActive(on: today))
            }
    }

    @Sendable static func invite(req: Request) async throws -> Response {
        let token = try req.requireAPIToken()
        let draft = try req.content.decode(InvitationDraft.self)
        let creator = try await token.$createdBy.get(on: req.db)
        let roles = try await Engagement.query(on: req.db).filter(\.$person.$id == creator.requireID())
            .filter(\.$organisation.$id == token.$organisation.id).all()
            .filter { $0.isActive(on: CalendarDay(Date())) }.map(\.role)
        let checked = try draft.validate(allowedRoles: InvitationDraft.invitableRoles(by: roles), today: CalendarDay(Date()))
        let (invitation, url) = try await Invitations.create(
            checked, organisationID: token.$organisation.id, invitedBy: creator.requireID(), on: req.db,
            baseURL: req.application.appConfig.publicBaseURL)
        try await req.application.auditTrail.append(
            AuditRecord(action: .invitationCreated, actorID: creator.id, organisationID: token.$organisation.id, recordType: "invitation",
                        recordID: invitation.id?.uuidString, sourceAddress: req.remoteAddress?.ipAddress, detail: "through the API"),
            on: req.db)
        let response = try await InvitationCreated(id: invitation.requireID(), url: url, expiresAt: invitation.expiresAt).encodeResponse(for: req)
        response.status = .created
        return response
    }

    @Sendable static func auditEvents(req: Request) async throws -> [AuditEventBody] {
        let token = try req.requireAPIToken()
        let limit = try req.query.decode(AuditQuery.self).limit ?? 100
        guard (1...1000).contains(limit) else { throw Abort(.badRequest, reason: "limit must be from 1 to 1000") }
        return try await AuditEvent.query(on: req.db).filter(\.$organisationID == token.$organisation.id.uuidString)
            .sort(\.$id, .descending).limit(limit).all()
            .map { AuditEventBody(sequence: $0.id ?? 0, occurredAt: $0.occurredAt, actorID: $0.actorID, action: $0.action,
                                  recordType: $0.recordType, recordID: $0.recordID) }
    }
}
