import Foundation

/// What one live connection (a queue stream, a desktop status stream or viewer, a video signalling socket) was opened
/// on: the person and sign-in it rides on, and the organisation, desktop pool or consultation it depends on. A patient's
/// or guest's video socket has no person or sign-in: it rides on their link alone.
public struct LiveGrant: Sendable, Equatable, Hashable {
    /// The kinds of live connection, each with what keeps it allowed.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// An organisation's triage queue (server-sent events): needs `triageRequests` there.
        case queueStream
        /// A person's place and seat in a desktop pool (server-sent events): needs the pool.
        case desktopStatus
        /// A desktop viewer's WebSocket through the gateway: needs the pool.
        case desktopViewer
        /// A video consultation's signalling socket: the clinician's needs `consultByVideo` at the consultation's
        /// organisation; everyone's ends with the consultation.
        case videoSignal
    }

    public var kind: Kind
    public var person: UUID?
    public var session: UUID?
    public var organisation: UUID?
    public var pool: UUID?
    public var consultation: UUID?

    public init(
        kind: Kind, person: UUID? = nil, session: UUID? = nil, organisation: UUID? = nil, pool: UUID? = nil,
        consultation: UUID? = nil
    ) {
        (self.kind, self.person, self.session, self.organisation) = (kind, person, session, organisation)
        (self.pool, self.consultation) = (pool, consultation)
    }
}

/// Something that authorised live connections has ended; every instance closes the open connections it `closes`.
public enum LiveEnding: Sendable, Equatable, Codable {
    /// One sign-in ended (plain sign-out): only the connections that ride on it close.
    case signedOut(session: UUID)
    /// Sign out everywhere: every connection of the person closes.
    case signedOutEverywhere(person: UUID)
    /// The person signed out at their identity provider (NHS CIS2's back-channel logout): every connection of theirs
    /// closes.
    case signedOutAtProvider(person: UUID)
    /// An engagement of `person` at `organisation` ended. Precise: a connection closes only when it depends on what the
    /// person has lost, judged from what they still hold after the ending: `stillPermitted` at that organisation (other
    /// engagements there), and the desktop pools they may still use (`poolsStillOpen`, through any organisation).
    case engagementEnded(person: UUID, organisation: UUID, stillPermitted: Set<Permission>, poolsStillOpen: Set<UUID>)
    /// A video consultation ended (with an outcome, or switched to a phone call): every socket of it closes.
    case consultationEnded(consultation: UUID, switchedToPhone: Bool)

    /// Whether a connection opened on `grant` must close.
    public func closes(_ grant: LiveGrant) -> Bool {
        switch self {
        case .signedOut(let session):
            return grant.session == session
        case .signedOutEverywhere(let person), .signedOutAtProvider(let person):
            return grant.person == person
        case .engagementEnded(let person, let organisation, let stillPermitted, let poolsStillOpen):
            guard grant.person == person else { return false }
            switch grant.kind {
            case .queueStream:
                return grant.organisation == organisation && !stillPermitted.contains(.triageRequests)
            case .videoSignal:
                return grant.organisation == organisation && !stillPermitted.contains(.consultByVideo)
            case .desktopStatus, .desktopViewer:
                return grant.pool.map { !poolsStillOpen.contains($0) } ?? false
            }
        case .consultationEnded(let consultation, _):
            return grant.consultation == consultation
        }
    }
}
