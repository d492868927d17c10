import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// Where an admitted viewer is carried: one seat's VNC endpoint and the host's password, which stays in this process.
struct DesktopGatewayTarget: Sendable {
    var poolID: UUID
    var seatID: UUID
    var seatName: String
    var personID: UUID
    var vncHost: String
    var vncPort: Int
    var password: String
    /// Which way copied text may cross, from the seat's pool; the pipe enforces it.
    var clipboard: ClipboardPolicy = .off
    /// Set when the seat is on an RDP host: the viewer's hold on the seat's bridge, given back when it closes.
    var bridgeLease: DesktopRDPBridges.Lease? = nil
}

/// Whether a viewer's WebSocket is carried to a seat, or closed at once with a reason the page shows.
enum DesktopGatewayVerdict: Sendable {
    case admit(DesktopGatewayTarget)
    /// 4401: sign in again; 4403: the ticket; 4409: the seat; 4502: the host.
    case refuse(code: UInt16, reason: String)
}

/// The checks a viewer passes before the gateway opens TCP to a seat: session, second factor, ticket, seat.
enum DesktopGatewayAdmission {
    static func decide(req: Request, now: Date = Date()) async throws -> DesktopGatewayVerdict {
        guard let session = req.staffSession, let sessionID = session.id else {
            return .refuse(code: 4401, reason: "You are signed out. Sign in again, then open your desktop.")
        }
        guard session.secondFactorAt != nil else {
            return .refuse(code: 4401, reason: "Finish signing in with your authenticator code, then open your desktop.")
        }
        let personID = session.$person.id
        guard let token = req.query[String.self, at: "ticket"], !token.isEmpty,
            let ticket = try await DesktopConnectTicket.query(on: req.db)
                .filter(\.$tokenDigest == SecretToken.digest(token)).first()
        else {
            return .refuse(code: 4403, reason: "This desktop link is not valid. Open your desktop again.")
        }
        guard ticket.personID == personID else {
            return .refuse(code: 4403, reason: "This desktop link belongs to someone else. Open your own desktop.")
        }
        guard ticket.sessionID == sessionID else {
            return .refuse(code: 4403, reason: "This desktop link was made for another sign-in. Open your desktop again.")
        }
        guard ticket.usedAt == nil else {
            return .refuse(code: 4403, reason: "This desktop link has already been used. Open your desktop again.")
        }
        guard ticket.expiresAt > now else {
            return .refuse(code: 4403, reason: "This desktop link has expired. Open your desktop again.")
        }
        guard try await consume(ticket, now: now, on: req.db) else {
            return .refuse(code: 4403, reason: "This desktop link has already been used. Open your desktop again.")
        }
        guard let seat = try await DesktopSeat.find(ticket.seatID, on: req.db), seat.personID == personID,
            let host = try await DesktopHost.find(seat.hostID, on: req.db),
            let pool = try await DesktopPool.find(seat.poolID, on: req.db)
        else {
            return .refuse(code: 4409, reason: "This seat is no longer yours. Open your desktop again.")
        }
        if host.protocolName == .rdp {
            return await bridged(seat: seat, host: host, person: personID, ticketDigest: ticket.tokenDigest, app: req.application)
        }
        guard let password = try? req.application.secretBox.open(host.sealedSecret) else {
            return .refuse(code: 4502, reason: "The desktop cannot be reached: its password cannot be read. Tell your IT support.")
        }
        return .admit(
            DesktopGatewayTarget(
                poolID: seat.poolID, seatID: try seat.requireID(), seatName: seat.name, personID: personID,
                vncHost: seat.vncHost, vncPort: seat.vncPort, password: password, clipboard: pool.clipboard))
    }

    /// An RDP seat: the gateway is carried to the seat's bridge on this machine (started now if it is not running
    /// here), with the Windows credentials the person gave with this ticket, if the pool passes them.
    private static func bridged(
        seat: DesktopSeat, host: DesktopHost, person: UUID, ticketDigest: String, app: Application
    ) async -> DesktopGatewayVerdict {
        let broker = app.desktopBroker
        var credentials = broker.rdpCredentials.take(ticketDigest: ticketDigest)
        if credentials != nil, (try? await DesktopPool.find(seat.poolID, on: app.db))?.rdpSignIn != .personsCredentials {
            credentials = nil
        }
        do {
            let seatID = try seat.requireID()
            let logger = app.logger
            let (lease, bridge) = try await broker.rdpBridges.attach(
                seat: seat, host: host, credentials: credentials, group: app.eventLoopGroup
            ) { words in
                logger.warning("RDP bridge ended", metadata: ["seat": "\(seat.name)", "freerdp": "\(words)"])
                broker.viewers.closeAll(
                    seat: seatID, code: 4502, reason: "The Windows desktop closed the connection (you may have signed out of Windows).")
            }
            return .admit(
                DesktopGatewayTarget(
                    poolID: seat.poolID, seatID: seatID, seatName: seat.name, personID: person, vncHost: "127.0.0.1",
                    vncPort: bridge.vncPort, password: bridge.password, bridgeLease: lease))
        } catch {
            app.logger.warning("RDP bridge did not start", metadata: ["seat": "\(seat.name)", "problem": "\(error)"])
            return .refuse(code: 4502, reason: "The Windows desktop cannot be reached just now. Tell your IT support if this goes on.")
        }
    }

    /// Marks the ticket used; false when another connection used it first.
    private static func consume(_ ticket: DesktopConnectTicket, now: Date, on db: any Database) async throws -> Bool {
        guard let sql = db as? any SQLDatabase else { throw DesktopError.noSQL }
        let rows = try await sql.raw(
            "UPDATE desktop_connect_tickets SET used_at = \(bind: now) WHERE id = \(bind: ticket.requireID()) AND used_at IS NULL RETURNING id"
        ).all()
        return rows.count == 1
    }

    /// Whether the page that opened the WebSocket is this site: its Origin is this server's public address, or the
    /// address the browser asked for (the Host header), compared as scheme, host and port.
    static func originAllowed(_ req: Request) -> Bool {
        guard let origin = req.headers.first(name: .origin).flatMap(SiteOrigin.init) else { return false }
        if let site = SiteOrigin(req.application.appConfig.publicBaseURL), site == origin { return true }
        guard let host = req.headers.first(name: .host), let asked = SiteOrigin("\(origin.scheme)://\(host)") else { return false }
        return asked == origin
    }
}

/// Scheme, host and port of a web address, with the default port filled in, for comparing origins.
struct SiteOrigin: Equatable {
    var scheme: String
    var host: String
    var port: Int

    init?(_ text: String) {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
            let host = url.host?.lowercased(), !host.isEmpty
        else { return nil }
        self.scheme = scheme
        self.host = host
        self.port = url.port ?? (scheme == "https" ? 443 : 80)
    }
}
