import Domain
import Fluent
import Foundation
import Vapor

/// The signalling sockets and ICE servers of a video consultation: the patient and guests by their link, the
/// clinician by their session. Refusals happen before the upgrade, with a plain reason.
enum VideoSignalController {
    /// Who is joining which consultation, and what their socket rides on (closed when that ends).
    struct Admission: Sendable {
        var consultation: UUID
        var participant: VideoParticipant
        var grant: LiveGrant
        /// The patient must give their date of birth before the page shows the call (only with `forPage`).
        var needsDateOfBirth = false
    }

    /// A patient's or guest's socket, by the token in their link.
    @Sendable static func patient(req: Request) async throws -> Response {
        let checkedSince = ContinuousClock.now
        let admission = try await byLink(req)
        if admission.participant == .patient { try await arrive(admission.consultation, on: req.db) }
        return upgrade(req, admission, checkedSince: checkedSince)
    }

    /// The clinician's socket: only the clinician the consultation is booked with.
    @Sendable static func clinician(req: Request) async throws -> Response {
        // the clinician's socket rides on their session cookie: only this site's own page may open it
        guard DesktopGatewayAdmission.originAllowed(req) else {
            throw Abort(.forbidden, reason: "The call can only be opened from this site's own pages.")
        }
        let admission = try await byStaff(req)
        return upgrade(req, admission, checkedSince: req.checksBegan)
    }

    /// ICE servers for a patient or guest: STUN, and TURN with credentials that end after the link's window.
    @Sendable static func patientICE(req: Request) async throws -> VideoICEServers {
        let admission = try await byLink(req)
        return VideoICEServers(config: req.application.appConfig.video, user: admission.consultation.uuidString, now: Date())
    }

    /// ICE servers for the clinician.
    @Sendable static func clinicianICE(req: Request) async throws -> VideoICEServers {
        let admission = try await byStaff(req)
        return VideoICEServers(config: req.application.appConfig.video, user: admission.consultation.uuidString, now: Date())
    }

    /// The link behind the token, refused plainly when unknown or outside its window; a guest's socket only while the
    /// call is on (their page loads before, and says so).
    static func byLink(_ req: Request, forPage: Bool = false, now: Date = Date()) async throws -> Admission {
        let token = try req.parameter(.videoToken)
        guard let link = try await VideoLink.query(on: req.db).filter(\.$tokenDigest == SecretToken.digest(token)).first(),
            let consultation = try await VideoConsultation.find(link.consultationID, on: req.db),
            let participant = VideoParticipant(id: link.participant)
        else {
            throw Abort(.notFound, reason: VideoRefusal.unknownLink)
        }
        let verdict = VideoLinkPolicy.standard.check(slot: consultation.slotAt, now: now)
        if let message = verdict.message(now: now) {
            throw Abort(verdict == .expired ? .gone : .forbidden, reason: message)
        }
        if consultation.callState.isEnded { throw Abort(.gone, reason: VideoRefusal.ended) }
        if participant.isGuest, !forPage, consultation.callState != .inCall {
            throw Abort(.forbidden, reason: VideoRefusal.guestTooEarly)
        }
        if link.lockedAt != nil { throw Abort(.gone, reason: VideoRefusal.locked) }
        let needsDateOfBirth = VideoDateOfBirth.needed(link, consultation) && !VideoDateOfBirth.unlocked(link, req, now: now)
        if needsDateOfBirth, !forPage { throw Abort(.forbidden, reason: VideoRefusal.dateOfBirthFirst) }
        let id = try consultation.requireID()
        return Admission(
            consultation: id, participant: participant, grant: LiveGrant(kind: .videoSignal, consultation: id),
            needsDateOfBirth: needsDateOfBirth)
    }

    /// The consultation in the path, for its own clinician only, while they may consult by video at its organisation.
    static func byStaff(_ req: Request) async throws -> Admission {
        let staff = try req.staff
        try staff.require(.consultByVideo)
        guard let consultation = try await VideoConsultation.find(try req.uuidParameter(.videoID), on: req.db),
            consultation.clinicianID == staff.person.id
        else {
            throw Abort(.notFound, reason: "There is no such video consultation booked with you.")
        }
        let roles = staff.engagements.filter { $0.organisation.id == consultation.organisationID }.map(\.engagement.role)
        guard StaffRole.permissions(for: roles).contains(.consultByVideo) else {
            throw Abort(.forbidden, reason: "You no longer consult by video for the practice this consultation belongs to.")
        }
        let id = try consultation.requireID()
        let grant = LiveGrant(
            kind: .videoSignal, person: try staff.person.requireID(), session: try staff.session.requireID(),
            organisation: consultation.organisationID, consultation: id)
        return Admission(consultation: id, participant: .clinician, grant: grant)
    }

    /// The patient has reached the waiting room: booked becomes waiting, and their first arrival time is kept.
    static func arrive(_ id: UUID, on db: any Database, now: Date = Date()) async throws {
        try await db.writeTransaction { tx in
            guard let consultation = try await VideoConsultation.find(id, on: tx), consultation.callState == .booked else { return }
            consultation.set(try consultation.callState.applying(.arrive))
            if consultation.arrivedAt == nil { consultation.arrivedAt = now }
            try await consultation.save(on: tx)
        }
    }

    private static func upgrade(_ req: Request, _ admission: Admission, checkedSince: ContinuousClock.Instant) -> Response {
        let app = req.application
        return req.webSocket(maxFrameSize: WebSocketMaxFrameSize(integerLiteral: SignalMessage.maximumMessageBytes + 1024)) { _, ws in
            VideoRoomSession.start(
                ws, room: admission.consultation, participant: admission.participant, grant: admission.grant,
                checkedSince: checkedSince, app: app)
        }
    }
}

/// What a patient reads when their link does not let them in.
enum VideoRefusal {
    static let unknownLink =
        "This video link is not right. Check you opened the whole link from the message, or call the practice. If you need help now, call NHS 111; in an emergency, call 999."
    static let ended = "This video consultation has ended. If you still need help, call the practice."
    static let locked =
        "This video link is locked because the date of birth did not match too many times. This keeps your details safe. Call the practice: they can see you by phone or send a new link."
    static let dateOfBirthFirst = "Open the link from your message and enter your date of birth first."
    static let guestTooEarly =
        "The consultation has not started yet. The clinician will let you in once the patient is with them: try this link again in a few minutes."
}

/// The `iceServers` a browser's RTCPeerConnection takes: STUN as configured, TURN with a credential valid for 4 hours.
struct VideoICEServers: Content {
    struct Server: Content {
        var urls: [String]
        var username: String?
        var credential: String?
    }

    var iceServers: [Server]

    init(config: VideoConfig, user: String, now: Date) {
        var servers: [Server] = []
        if !config.stunURLs.isEmpty { servers.append(Server(urls: config.stunURLs)) }
        if !config.turnURLs.isEmpty, let secret = config.turnSecret {
            let credential = TURNCredentials.make(secret: secret, user: user, expiresAt: now.addingTimeInterval(4 * 3600))
            servers.append(Server(urls: config.turnURLs, username: credential.username, credential: credential.password))
        }
        iceServers = servers
    }
}
