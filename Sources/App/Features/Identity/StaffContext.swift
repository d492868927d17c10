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
        try await settle(engagements(of: person, on: db), person: person, session: session, on: db, now: now)
    }

    /// Every engagement of the person, each with its organisation (signed-in requests have them from `SignInRead`).
    static func engagements(of person: Person, on db: any Database) async throws -> [SignInRead.Held] {
        try await Engagement.query(on: db)
            .join(Organisation.self, on: \Engagement.$organisation.$id == \Organisation.$id)
            .filter(\.$person.$id == person.requireID())
            .all()
            .map { engagement in
                let organisation = try engagement.joined(Organisation.self)
                engagement.$organisation.value = organisation
                return SignInRead.Held(engagement: engagement, organisation: organisation)
            }
    }

    /// The context from the person's engagements: the active ones, and the organisation being acted for (the session's
    /// choice if still active, else the first by name, remembered on the session).
    static func settle(
        _ all: [SignInRead.Held], person: Person, session: StaffSession, on db: any Database, now: Date
    ) async throws -> StaffContext? {
        let today = CalendarDay(now)
        let active = all.filter { $0.engagement.isActive(on: today) }
            .map { ActiveEngagement(engagement: $0.engagement, organisation: $0.organisation) }
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
    private struct SignInEngagementsKey: StorageKey { typealias Value = [SignInRead.Held] }

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

    /// The signed-in person's engagements as read with the session (`StaffSessionMiddleware`).
    var signInEngagements: [SignInRead.Held]? {
        get { storage[SignInEngagementsKey.self] }
        set { storage[SignInEngagementsKey.self] = newValue }
    }

    /// The browser's session, with or without the second factor, if it has one.
    var staffSession: StaffSession? {
        get { storage[StaffSessionKey.self] }
        set { storage[StaffSessionKey.self] = newValue }
    }
}
