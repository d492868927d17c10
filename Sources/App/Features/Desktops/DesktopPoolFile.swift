import Domain
import Fluent
import Foundation
import Vapor

/// A pool described in a file, as `surgery desktop-pools load FILE` reads it: registered by name, updated when loaded again.
/// Only this file sets how seats are reset (`resetCommand`): it is on the server, written by whoever runs the server.
struct DesktopPoolFile: Decodable, Sendable {
    struct Host: Codable, Sendable {
        var name: String
        var address: String
        /// `vnc` (when absent) or `rdp`: an RDP host's seats are bridged by FreeRDP on the gateway's machine.
        var `protocol`: String?
        /// The host's VncAuth password; sealed before it is stored. An RDP host has none: Windows asks the person.
        var secret: String
        /// An RDP host's certificate hash, `sha256:` and hex; without it the gateway's machine must trust the certificate.
        var certificateFingerprint: String?
        var seats: [Seat]

        init(
            name: String, address: String, protocol: String? = nil, secret: String, certificateFingerprint: String? = nil,
            seats: [Seat]
        ) {
            self.name = name
            self.address = address
            self.protocol = `protocol`
            self.secret = secret
            self.certificateFingerprint = certificateFingerprint
            self.seats = seats
        }

        init(from decoder: any Decoder) throws {
            let host = try decoder.container(keyedBy: CodingKeys.self)
            name = try host.decode(String.self, forKey: .name)
            address = try host.decode(String.self, forKey: .address)
            `protocol` = try host.decodeIfPresent(String.self, forKey: .`protocol`)
            secret = try host.decodeIfPresent(String.self, forKey: .secret) ?? ""
            certificateFingerprint = try host.decodeIfPresent(String.self, forKey: .certificateFingerprint)
            seats = try host.decode([Seat].self, forKey: .seats)
        }

        /// The host's protocol, nil when the file names one that is not known.
        var protocolName: DesktopHostProtocol? {
            guard let name = `protocol` else { return .vnc }
            return DesktopHostProtocol(rawValue: name)
        }
    }

    struct Seat: Codable, Sendable {
        var name: String
        var host: String
        var port: Int
    }

    var name: String
    var placement: String?
    var organisations: [String]
    var roles: [String]?
    var disconnectedTimeoutSeconds: Int?
    var idleTimeoutSeconds: Int?
    /// The program and arguments that clean a seat, run without a shell; nil: a seat is free again at once.
    var resetCommand: [String]?
    var resetTimeoutSeconds: Int?
    /// Which way copied text may cross: off (the default), fromDesktop, toDesktop or both.
    var clipboard: String?
    /// How people sign in to Windows on RDP seats: `signInScreen` (when absent) or `personsCredentials`.
    var rdpSignIn: String?
    /// The assurance level opening a seat needs: `AAL3` asks for a smartcard or security key through NHS CIS2.
    var assurance: String?
    var hosts: [Host]
    /// What an older file asked for that is no longer done (a shell command line, a reset URL), said as problems.
    private var retired: [String] = []

    init(
        name: String, placement: String? = "breadthFirst", organisations: [String], roles: [String]? = [],
        disconnectedTimeoutSeconds: Int? = nil, idleTimeoutSeconds: Int? = nil, resetCommand: [String]? = nil,
        resetTimeoutSeconds: Int? = nil, clipboard: String? = nil, rdpSignIn: String? = nil, hosts: [Host]
    ) {
        self.rdpSignIn = rdpSignIn
        self.name = name
        self.placement = placement
        self.organisations = organisations
        self.roles = roles
        self.disconnectedTimeoutSeconds = disconnectedTimeoutSeconds
        self.idleTimeoutSeconds = idleTimeoutSeconds
        self.resetCommand = resetCommand
        self.resetTimeoutSeconds = resetTimeoutSeconds
        self.clipboard = clipboard
        self.hosts = hosts
    }

    private enum CodingKeys: String, CodingKey {
        case name, placement, organisations, roles, disconnectedTimeoutSeconds, idleTimeoutSeconds, resetCommand
        case resetTimeoutSeconds, resetURL, clipboard, rdpSignIn, hosts, assurance
    }

    init(from decoder: any Decoder) throws {
        let file = try decoder.container(keyedBy: CodingKeys.self)
        name = try file.decode(String.self, forKey: .name)
        placement = try file.decodeIfPresent(String.self, forKey: .placement)
        organisations = try file.decode([String].self, forKey: .organisations)
        roles = try file.decodeIfPresent([String].self, forKey: .roles)
        disconnectedTimeoutSeconds = try file.decodeIfPresent(Int.self, forKey: .disconnectedTimeoutSeconds)
        idleTimeoutSeconds = try file.decodeIfPresent(Int.self, forKey: .idleTimeoutSeconds)
        resetTimeoutSeconds = try file.decodeIfPresent(Int.self, forKey: .resetTimeoutSeconds)
        clipboard = try file.decodeIfPresent(String.self, forKey: .clipboard)
        rdpSignIn = try file.decodeIfPresent(String.self, forKey: .rdpSignIn)
        assurance = try file.decodeIfPresent(String.self, forKey: .assurance)
        hosts = try file.decode([Host].self, forKey: .hosts)
        if let line = try? file.decodeIfPresent(String.self, forKey: .resetCommand) {
            retired.append(
                "resetCommand: give the program and its arguments as a list, such as [\"/opt/surgery/reset-seat\", \"--quick\"]; "
                    + "a command line (\(line)) is no longer run by a shell.")
        } else {
            resetCommand = try file.decodeIfPresent([String].self, forKey: .resetCommand)
        }
        if let url = try? file.decodeIfPresent(String.self, forKey: .resetURL) {
            retired.append(
                "resetURL: the server no longer calls addresses (\(url)); name a program in resetCommand that calls your reset "
                    + "service, such as [\"/usr/bin/curl\", \"-fsS\", \"-X\", \"POST\", \"https://reset.example.nhs.uk/seat\"].")
        }
    }

    /// The reset the file asks for, if any.
    var reset: SeatResetCommand? {
        resetCommand.map { SeatResetCommand(arguments: $0, timeoutSeconds: resetTimeoutSeconds ?? SeatResetCommand.defaultTimeoutSeconds) }
    }

    /// Every problem with the file, each naming what to change.
    func problems() -> [String] {
        var problems = retired
        if name.trimmingCharacters(in: .whitespaces).isEmpty { problems.append("name: give the pool a name.") }
        if let placement, !["breadthFirst", "depthFirst"].contains(placement) {
            problems.append("placement: use breadthFirst or depthFirst, not \(placement).")
        }
        if organisations.isEmpty { problems.append("organisations: list the ODS codes of the organisations that may use the pool.") }
        for role in roles ?? [] where StaffRole(rawValue: role) == nil {
            problems.append("roles: \(role) is not a role; use \(StaffRole.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        for (field, value) in [("disconnectedTimeoutSeconds", disconnectedTimeoutSeconds), ("idleTimeoutSeconds", idleTimeoutSeconds)] {
            if let value, !(60...86_400).contains(value) { problems.append("\(field): use 60 to 86400 seconds, not \(value).") }
        }
        if let reset { problems += reset.problems }
        if let clipboard, ClipboardPolicy(rawValue: clipboard) == nil {
            let names = ClipboardPolicy.allCases.map(\.rawValue).joined(separator: ", ")
            problems.append("clipboard: use \(names), not \(clipboard).")
        }
        if resetCommand == nil, resetTimeoutSeconds != nil { problems.append("resetTimeoutSeconds: there is no resetCommand to time.") }
        if let rdpSignIn, RDPSignIn(rawValue: rdpSignIn) == nil {
            problems.append("rdpSignIn: use \(RDPSignIn.allCases.map(\.rawValue).joined(separator: " or ")), not \(rdpSignIn).")
        }
        if let assurance, AssuranceLevel(acr: assurance) == nil {
            problems.append("assurance: use AAL2 or AAL3, not \(assurance).")
        }
        if hosts.isEmpty { problems.append("hosts: list at least one host with its seats.") }
        var seatNames = Set<String>()
        for host in hosts {
            if host.name.isEmpty || host.address.isEmpty { problems.append("hosts: every host needs a name and an address.") }
            problems += Self.protocolProblems(host)
            if host.seats.isEmpty { problems.append("hosts: \(host.name) has no seats.") }
            for seat in host.seats {
                if !seatNames.insert(seat.name).inserted { problems.append("seats: \(seat.name) appears twice.") }
                if seat.host.isEmpty || !(1...65_535).contains(seat.port) {
                    problems.append("seats: \(seat.name) needs a host and a port from 1 to 65535.")
                }
            }
        }
        return problems
    }

    /// What is wrong with a host's protocol and what that protocol needs: a VNC host its password, an RDP host a
    /// certificate hash FreeRDP can read (when it gives one).
    private static func protocolProblems(_ host: Host) -> [String] {
        switch host.protocolName {
        case nil:
            return ["hosts: \(host.name)'s protocol is vnc or rdp, not \(host.`protocol` ?? "")."]
        case .vnc?:
            var problems: [String] = []
            if host.secret.isEmpty { problems.append("hosts: \(host.name) needs its VNC password (secret).") }
            if host.certificateFingerprint != nil {
                problems.append("hosts: \(host.name) is a VNC host; certificateFingerprint is for RDP hosts.")
            }
            return problems
        case .rdp?:
            if let pin = host.certificateFingerprint, RDPBridgeLaunch.fingerprint(pin) == nil {
                return [
                    "hosts: \(host.name)'s certificateFingerprint is sha256: and 64 hex digits (with or without colons), "
                        + "as `openssl x509 -noout -fingerprint -sha256` prints it."
                ]
            }
            return []
        }
    }

    /// Creates or updates the pool, its organisations, hosts and seats in one transaction. Seats no longer in the file
    /// are removed when free; a seat someone holds stays until they leave it.
    func apply(on db: any Database, box: SecretBox, now: Date = Date()) async throws -> UUID {
        let problems = problems()
        guard problems.isEmpty else { throw DesktopError.badPoolFile(problems.joined(separator: "\n")) }
        let organisationIDs = try await resolve(organisations, on: db)
        return try await db.writeTransaction { tx in
            let pool =
                try await DesktopPool.query(on: tx).filter(\.$name == name).first()
                ?? DesktopPool(name: name, placement: .breadthFirst, roles: [], settings: PoolSettings(), now: now)
            pool.placement = placement.flatMap(PlacementPolicy.init(storedText:)) ?? .breadthFirst
            pool.roles = StoredList((roles ?? []).compactMap(StaffRole.init(rawValue:)))  // each checked by problems()
            pool.disconnectedTimeoutSeconds = disconnectedTimeoutSeconds ?? 20 * 60
            pool.idleTimeoutSeconds = idleTimeoutSeconds ?? 30 * 60
            pool.rdpSignIn = rdpSignIn.flatMap(RDPSignIn.init(rawValue:)) ?? .signInScreen
            pool.requiredAssurance = assurance.flatMap(AssuranceLevel.init(acr:)).flatMap { $0 > .standard ? $0.name : nil }
            try pool.setReset(reset)
            pool.clipboard = clipboard.flatMap(ClipboardPolicy.init(rawValue:)) ?? .off  // checked by problems()
            try await pool.save(on: tx)
            let poolID = try pool.requireID()
            try await DesktopPoolOrganisation.query(on: tx).filter(\.$poolID == poolID).delete()
            for id in organisationIDs { try await DesktopPoolOrganisation(poolID: poolID, organisationID: id).create(on: tx) }
            var kept = Set<UUID>()
            for host in hosts {
                let row =
                    try await DesktopHost.query(on: tx).filter(\.$poolID == poolID).filter(\.$name == host.name).first()
                    ?? DesktopHost(poolID: poolID, name: host.name, address: host.address, sealedSecret: "")
                row.address = host.address
                row.sealedSecret = box.seal(host.secret)
                row.protocolName = host.protocolName ?? .vnc  // checked by problems()
                row.certificateFingerprint = host.certificateFingerprint.flatMap(RDPBridgeLaunch.fingerprint)
                try await row.save(on: tx)
                for seat in host.seats {
                    let seatRow =
                        try await DesktopSeat.query(on: tx).filter(\.$poolID == poolID).filter(\.$name == seat.name).first()
                        ?? DesktopSeat(poolID: poolID, hostID: try row.requireID(), name: seat.name, vncHost: seat.host, vncPort: seat.port)
                    seatRow.hostID = try row.requireID()
                    seatRow.vncHost = seat.host
                    seatRow.vncPort = seat.port
                    try await seatRow.save(on: tx)
                    kept.insert(try seatRow.requireID())
                }
            }
            let stale = try await DesktopSeat.query(on: tx).filter(\.$poolID == poolID).filter(\.$state == .free).all()
            for seat in stale where !kept.contains(try seat.requireID()) { try await seat.delete(on: tx) }
            return poolID
        }
    }

    private func resolve(_ codes: [String], on db: any Database) async throws -> [UUID] {
        var ids: [UUID] = []
        for code in codes {
            guard let organisation = try await Organisation.query(on: db).filter(\.$odsCode == code.uppercased()).first() else {
                throw DesktopError.badPoolFile("organisations: no organisation has ODS code \(code); import it first (surgery import-ods).")
            }
            ids.append(try organisation.requireID())
        }
        return ids
    }
}

/// `surgery desktop-pools load FILE`: registers or updates a pool, its hosts and seats from a JSON file.
struct DesktopPoolsCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "load")
        var action: String
        @Argument(name: "file", help: "The pool's JSON file")
        var file: String
    }

    var help: String { "Registers or updates a desktop pool from a JSON file: `surgery desktop-pools load FILE`." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "load" else {
            throw CommandLineProblem(description: "Unknown action '\(signature.action)'. Use: surgery desktop-pools load FILE")
        }
        guard let data = FileManager.default.contents(atPath: signature.file) else {
            throw CommandLineProblem(description: "Cannot read \(signature.file).")
        }
        let file: DesktopPoolFile
        do { file = try JSONDecoder().decode(DesktopPoolFile.self, from: data) } catch {
            throw CommandLineProblem(description: "\(signature.file) is not a pool file: \(error)")
        }
        let app = context.application
        do {
            let box = app.secretBox
            let id = try await app.db.writeTransaction { tx in
                let id = try await file.apply(on: tx, box: box)
                try await app.auditTrail.append(
                    AuditRecord(
                        action: .desktopPoolChanged, recordType: "desktop_pool", recordID: id.uuidString,
                        detail: "loaded \(file.name) from a file"),
                    within: tx)
                return id
            }
            let seats = file.hosts.reduce(0) { $0 + $1.seats.count }
            context.console.print("Desktop pool \(file.name): \(file.hosts.count) hosts, \(seats) seats (id \(id.uuidString)).")
        } catch let error as DesktopError {
            throw CommandLineProblem(description: error.reason)
        }
    }
}
