import Domain
import Fluent
import Foundation

/// A pool of desktop seats that the staff of some organisations share, with how it places people and resets seats.
final class DesktopPool: Model, @unchecked Sendable {
    static let schema = "desktop_pools"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Field(key: "created_at") var createdAt: Date
    /// Bumped by every broker transaction: on PostgreSQL the update locks the pool's row, so that instances take
    /// turns at the pool and two people never get one seat.
    @Field(key: "turn") var turn: Int

    // data fields
    @Field(key: "name") var name: String
    @Typed(key: "placement") var placement: PlacementPolicy
    /// The roles that may use the pool, stored comma-separated; none means every role that may open a desktop.
    @Typed(key: "roles") var roles: StoredList<StaffRole>
    @Field(key: "disconnected_timeout") var disconnectedTimeoutSeconds: Int
    @Field(key: "idle_timeout") var idleTimeoutSeconds: Int
    /// The `SeatResetCommand` from the pool's file, as JSON: only `surgery desktop-pools load` writes it.
    @OptionalField(key: "reset_command_json") var resetCommandJSON: String?
    /// Which way copied text may cross between the pool's desktops and the person's computer (M034); off unless the
    /// pool's file says otherwise.
    @Typed(key: "clipboard") var clipboard: ClipboardPolicy
    /// How people sign in to Windows on the pool's RDP seats (M036).
    @Typed(key: "rdp_sign_in") var rdpSignIn: RDPSignIn
    /// `AAL3` when opening a seat needs a sign-in with a smartcard or security key (NHS CIS2); nil: any sign-in.
    @OptionalField(key: "required_assurance") var requiredAssurance: String?

    init() {}

    init(name: String, placement: PlacementPolicy, roles: [StaffRole], settings: PoolSettings, now: Date = Date()) {
        self.name = name
        self.placement = placement
        self.roles = StoredList(roles)
        self.disconnectedTimeoutSeconds = Int(settings.disconnectedTimeout)
        self.idleTimeoutSeconds = Int(settings.idleTimeout)
        self.createdAt = now
        self.turn = 0
        self.clipboard = .off
        self.rdpSignIn = .signInScreen
    }

    var allowedRoles: [StaffRole] { roles.elements }

    /// The broker's settings for this pool.
    var settings: PoolSettings {
        PoolSettings(
            placement: placement, disconnectedTimeout: TimeInterval(disconnectedTimeoutSeconds),
            idleTimeout: TimeInterval(idleTimeoutSeconds))
    }

    /// How a seat of this pool is cleaned, as the operator's pool file said; nil: a seat is free again at once.
    var reset: SeatResetCommand? {
        get throws {
            guard let json = resetCommandJSON else { return nil }
            do { return try JSONDecoder().decode(SeatResetCommand.self, from: Data(json.utf8)) } catch {
                throw StoredValueError(table: Self.schema, row: id, column: "reset_command_json", value: json)
            }
        }
    }

    /// Stores the reset of a pool file (the only writer).
    func setReset(_ reset: SeatResetCommand?) throws {
        resetCommandJSON = try reset.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
    }
}

/// An organisation whose staff may use a pool.
final class DesktopPoolOrganisation: Model, @unchecked Sendable {
    static let schema = "desktop_pool_organisations"

    @ID(key: .id) var id: UUID?
    @Field(key: "pool_id") var poolID: UUID
    @Field(key: "organisation_id") var organisationID: UUID

    init() {}

    init(poolID: UUID, organisationID: UUID) {
        self.poolID = poolID
        self.organisationID = organisationID
    }
}

/// A machine that runs some of a pool's seats, by VNC or RDP. Its VncAuth secret is sealed with the service's data key.
final class DesktopHost: Model, @unchecked Sendable {
    static let schema = "desktop_hosts"

    // managed fields
    @ID(key: .id) var id: UUID?

    // data fields
    @Field(key: "name") var name: String
    @Field(key: "address") var address: String
    /// The VncAuth password, sealed (`SecretBox`); never shown, logged or sent to a browser.
    @Field(key: "sealed_secret") var sealedSecret: String
    @Typed(key: "state") var state: HostState
    @Field(key: "healthy") var healthy: Bool
    @OptionalField(key: "unhealthy_since") var unhealthySince: Date?
    /// What the last failed health check found, for the administrator.
    @OptionalField(key: "health_detail") var healthDetail: String?
    @OptionalField(key: "checked_at") var checkedAt: Date?
    /// VNC, or RDP through a bridge on the gateway's machine (M036).
    @Typed(key: "protocol") var protocolName: DesktopHostProtocol
    /// An RDP host's pinned certificate hash, `sha256:…` as FreeRDP reads it; nil: the machine's CAs must vouch for it.
    @OptionalField(key: "certificate_fingerprint") var certificateFingerprint: String?

    // relationships
    @Field(key: "pool_id") var poolID: UUID

    init() {}

    init(poolID: UUID, name: String, address: String, sealedSecret: String) {
        self.poolID = poolID
        self.name = name
        self.address = address
        self.sealedSecret = sealedSecret
        self.state = .enabled
        self.healthy = true
        self.protocolName = .vnc
    }
}
