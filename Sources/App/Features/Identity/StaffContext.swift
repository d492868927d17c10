import Domain
import Fluent
import Foundation
import Vapor

/// Who is asking, for which organisation, with which permissions: loaded once per request.
struct StaffContext: Sendable {
    /// One active engagement with its organisation.
    struct ActiveEngagement: Sendable {
        var engagement: Engagement
        var organisation: Organisation
    }

    var person: Person
    var session: StaffSession
    var today: CalendarDay
    var engagements: [ActiveEngagement]
    var actingOrganisation: Organisation
    var permissions: Set<Permission>

    /// The organisations this person may act for today, once each.
    var organisationsActingFor: [Organisation] {
        var seen = Set<UUID>()
        return engagements.compactMap { item in
            guard let id = item.organisation.id, seen.insert(id).inserted else { return nil }
            return item.organisation
        }
    }

    /// The roles held at the organisation being acted for.
    var actingRoles: [StaffRole] {
        engagements.filter { $0.organisation.id == actingOrganisation.id }.map(\.engagement.role)
    }

    func can(_ permission: Permission) -> Bool { permissions.contains(permission) }

    /// Refuses with a message that names what is missing.
    func require(_ permission: Permission) throws {
        guard can(permission) else {
            throw Abort(
                .forbidden,
                reason: "Your role at \(actingOrganisation.name) does not allow this. Ask your practice manager if you need it.")
        }
    }

    /// Loads the active engagements of a signed-in person and settles the organisation being acted for.
    static func load(person: Person, session: StaffSession, on db: any Database, now: Date) async throws -> StaffContext? {
        let today = CalendarDay(now)
        // joined rather than eager-loaded: one query instead of two, on every signed-in request
        let all = try await Engagement.query(on: db)
            .join(Organisation.self, on: \Engagement.$organisation.$id == \Organisation.$id)
            .filter(\.$person.$id == person.requireID())
            .all()
        let active = try all.filter { $0.isActive(on: today) }
            .map { engagement in
                let organisation = try engagement.joined(Organisation.self)
                engagement.$organisation.value = organisation
                return ActiveEngagement(engagement: engagement, organisation: organisation)
            }
            .sorted { $0.organisation.name < $1.organisation.name }
        guard let first = active.first else { return nil }
        let acting =
            active.first { $0.organisation.id == session.actingOrganisationID }?.organisation ?? first.organisation
        if session.actingOrganisationID != acting.id {
            session.actingOrganisationID = acting.id
            try await db.writeTransaction { try await session.save(on: $0) }
        }
        let roles = active.filter { $0.organisation.id == acting.id }.map(\.engagement.role)
        return StaffContext(
            person: person, session: session, today: today, engagements: active, actingOrganisation: acting,
            permissions: StaffRole.permissions(for: roles))
    }
}

extension Request {
    private struct StaffContextKey: StorageKey { typealias Value = StaffContext }
    private struct StaffSessionKey: StorageKey { typealias Value = StaffSession }

    /// The signed-in person's context; only on routes behind `RequireStaffMiddleware`.
    var staff: StaffContext {
        get throws {
            guard let context = storage[StaffContextKey.self] else {
                throw Abort(.unauthorized, reason: "Sign in to continue.")
            }
            return context
        }
    }

    var staffContextIfLoaded: StaffContext? {
        get { storage[StaffContextKey.self] }
        set { storage[StaffContextKey.self] = newValue }
    }

    /// The browser's session, with or without the second factor, if it has one.
    var staffSession: StaffSession? {
        get { storage[StaffSessionKey.self] }
        set { storage[StaffSessionKey.self] = newValue }
    }
}
