import Domain
import Fluent
import Foundation
import Plot
import Vapor

/// The person's side of virtual login: their pools, opening a desktop, the viewer, signing out.
enum DesktopController {
    /// The pools this person may use, and where they stand in each.
    @Sendable static func index(req: Request) async throws -> HTML {
        let staff = try req.staff
        try staff.require(.openDesktop)
        let notice = req.query[String.self, at: "notice"].flatMap(DesktopNotice.init(rawValue:))
        let model = try await DesktopPools.Model.load(notice: notice, for: staff, on: req.db)
        return DesktopPools.View(model: model, chrome: req.pageChrome).html
    }

    /// The pool's page: the viewer when the person has a seat, else their place in line or the seat held for them.
    @Sendable static func show(req: Request) async throws -> HTML {
        let staff = try req.staff
        try staff.require(.openDesktop)
        let notice = req.query[String.self, at: "notice"].flatMap(DesktopNotice.init(rawValue:))
        let model = try await DesktopPoolShow.Model.load(try req.uuidParameter(.poolID), notice: notice, for: staff, on: req.db)
        return DesktopPoolShow.View(model: model, chrome: req.pageChrome).html
    }

    /// "Open my desktop" and "Take the seat".
    @Sendable static func open(req: Request) async throws -> Response {
        let staff = try req.staff
        try staff.require(.openDesktop)
        let pool = try await DesktopAccess.pool(try req.uuidParameter(.poolID), for: staff, on: req.db)
        let poolID = try pool.requireID()
        if let stepUp = try DesktopAccess.stepUp(pool, staff, req) { return stepUp }
        let placement = try await req.application.desktopBroker.open(person: staff.person.requireID(), pool: poolID, app: req.application)
        try await req.audit(.desktopOpened, recordType: "desktop_pool", recordID: poolID.uuidString, detail: describe(placement))
        return req.redirect(to: SiteURL.desktopPool(id: poolID).path, redirectType: .normal)
    }

    /// "Sign out of desktop": the seat is reset and freed for the next person.
    @Sendable static func signOut(req: Request) async throws -> Response {
        let staff = try req.staff
        let pool = try await DesktopAccess.pool(try req.uuidParameter(.poolID), for: staff, on: req.db)
        let poolID = try pool.requireID()
        try await req.application.desktopBroker.signOut(
            person: staff.person.requireID(), pool: poolID, reason: DesktopNotice.signedOut.text,
            audit: req.auditRecord(.desktopSignedOut, recordType: "desktop_pool", recordID: poolID.uuidString), app: req.application)
        return req.redirect(to: SiteURL.desktops.path + "?notice=\(DesktopNotice.signedOut.rawValue)", redirectType: .normal)
    }

    /// A one-time ticket for the viewer's WebSocket: 60 seconds, this person, this seat, this sign-in.
    @Sendable static func ticket(req: Request) async throws -> Response {
        let staff = try req.staff
        try staff.require(.openDesktop)
        let pool = try await DesktopAccess.pool(try req.uuidParameter(.poolID), for: staff, on: req.db)
        if try DesktopAccess.stepUp(pool, staff, req) != nil {
            throw Abort(.forbidden, reason: "\(pool.name) needs a sign-in with your smartcard or security key. Open the pool again to sign in with it.")
        }
        let personID = try staff.person.requireID()
        guard
            let seat = try await DesktopSeat.query(on: req.db).filter(\.$poolID == pool.requireID())
                .filter(\.$personID == personID).filter(\.$state ~~ [DesktopSeat.StateName.inUse, .disconnected]).first()
        else { throw DesktopError.noSeat }
        let credentials = try windowsCredentials(req, pool: pool)
        let token = SecretToken.generate()
        if let credentials { req.application.desktopBroker.rdpCredentials.hold(credentials, ticketDigest: SecretToken.digest(token)) }
        try await DesktopConnectTicket(
            tokenDigest: SecretToken.digest(token), personID: personID, seatID: seat.requireID(),
            sessionID: staff.session.requireID(), now: Date()
        ).create(on: req.db)
        struct Ticket: Content {
            var path: String
            var seat: String
        }
        return try await Ticket(path: SiteURL.desktopGateway.path + "?ticket=\(token)", seat: seat.name).encodeResponse(for: req)
    }

    /// The Windows credentials sent with a ticket request, for a pool that passes them: nil when none were given.
    /// Half of them, or ones that cannot be passed on safely, are refused with what to do.
    private static func windowsCredentials(_ req: Request, pool: DesktopPool) throws -> RDPCredentials? {
        struct Form: Decodable {
            var windowsUser: String?
            var windowsDomain: String?
            var windowsPassword: String?
        }
        let form = (try? req.content.decode(Form.self)) ?? Form()
        let given = [form.windowsUser, form.windowsPassword].contains { !($0 ?? "").isEmpty }
        guard given else { return nil }
        guard pool.rdpSignIn == .personsCredentials else {
            throw Abort(.badRequest, reason: "This pool does not take Windows credentials: sign in on the Windows screen.")
        }
        guard let credentials = RDPCredentials.fromForm(user: form.windowsUser, domain: form.windowsDomain, password: form.windowsPassword)
        else {
            throw Abort(
                .badRequest,
                reason: "Give your Windows user name and password (no line breaks, at most 256 characters each), "
                    + "or sign in on the Windows screen.")
        }
        return credentials
    }

    /// What the person was told, for the audit trail: "new seat NAME", "own seat NAME" or "waiting at place N".
    static func describe(_ placement: DesktopBrokerService.Placement) -> String {
        let seat = placement.seatName.map { " \($0)" } ?? ""
        switch placement.decision {
        case .yourSeat: return "own seat" + seat
        case .newSeat: return "new seat" + seat
        case .waiting(let place, _): return "waiting at place \(place)"
        }
    }
}
