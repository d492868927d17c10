import Domain
import Fluent
import Foundation
import Vapor

/// The "register a pool" form.
struct DesktopPoolForm: Content {
    var name = ""
    var placement = "breadthFirst"
    /// ODS codes, separated by commas or spaces.
    var organisations = ""
    var disconnectedMinutes = "20"
    var idleMinutes = "30"

    init() {}

    /// A field left out of the form reads as empty, so that the page can say what is missing.
    init(from decoder: any Decoder) throws {
        let form = try decoder.container(keyedBy: CodingKeys.self)
        name = try form.decodeIfPresent(String.self, forKey: .name) ?? ""
        placement = try form.decodeIfPresent(String.self, forKey: .placement) ?? ""
        organisations = try form.decodeIfPresent(String.self, forKey: .organisations) ?? ""
        disconnectedMinutes = try form.decodeIfPresent(String.self, forKey: .disconnectedMinutes) ?? ""
        idleMinutes = try form.decodeIfPresent(String.self, forKey: .idleMinutes) ?? ""
    }

    var codes: [String] {
        organisations.uppercased().split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\n" }).map(String.init)
    }

    /// What is wrong with the form; an organisation outside the actor's scope reads as unknown, never as existing.
    func errors(scope: DesktopAdminScope, on db: any Database) async throws -> [FormError] {
        var errors: [FormError] = []
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty {
            errors.append(FormError(field: "name", message: "Enter a name for the pool"))
        } else if try await DesktopPool.query(on: db).filter(\.$name == trimmed).count() > 0 {
            errors.append(FormError(field: "name", message: "A pool called \(trimmed) already exists"))
        }
        if !["breadthFirst", "depthFirst"].contains(placement) {
            errors.append(FormError(field: "placement", message: "Choose how the pool places people"))
        }
        if codes.isEmpty { errors.append(FormError(field: "organisations", message: "Enter the ODS code of at least one organisation")) }
        for code in codes {
            let organisation = try await Organisation.query(on: db).filter(\.$odsCode == code).first()
            guard let id = organisation?.id, scope.covers([id]) else {
                errors.append(FormError(field: "organisations", message: "No organisation you look after has the ODS code \(code)"))
                continue
            }
        }
        for (field, value) in [("disconnectedMinutes", disconnectedMinutes), ("idleMinutes", idleMinutes)] {
            if Int(value).map({ !(1...1440).contains($0) }) ?? true {
                errors.append(FormError(field: field, message: "Enter a whole number of minutes from 1 to 1440"))
            }
        }
        return errors
    }

    /// Registers the pool with no reset program: only the operator's pool file on the server can name one.
    func create(on db: any Database) async throws -> UUID {
        let pool = DesktopPool(
            name: name.trimmingCharacters(in: .whitespaces), placement: placement == "depthFirst" ? .depthFirst : .breadthFirst,
            roles: [], settings: PoolSettings())
        pool.disconnectedTimeoutSeconds = (Int(disconnectedMinutes) ?? 20) * 60
        pool.idleTimeoutSeconds = (Int(idleMinutes) ?? 30) * 60
        let codes = codes
        return try await db.writeTransaction { tx in
            try await pool.create(on: tx)
            for code in codes {
                guard let organisation = try await Organisation.query(on: tx).filter(\.$odsCode == code).first() else { continue }
                try await DesktopPoolOrganisation(poolID: pool.requireID(), organisationID: organisation.requireID()).create(on: tx)
            }
            return try pool.requireID()
        }
    }
}

/// The "add a host" form: its seats as "address:port", one per line.
struct DesktopHostForm: Content {
    var name = ""
    var address = ""
    var secret = ""
    var seats = ""

    init() {}

    /// A field left out of the form reads as empty, so that the page can say what is missing.
    init(from decoder: any Decoder) throws {
        let form = try decoder.container(keyedBy: CodingKeys.self)
        name = try form.decodeIfPresent(String.self, forKey: .name) ?? ""
        address = try form.decodeIfPresent(String.self, forKey: .address) ?? ""
        secret = try form.decodeIfPresent(String.self, forKey: .secret) ?? ""
        seats = try form.decodeIfPresent(String.self, forKey: .seats) ?? ""
    }

    var withoutSecret: DesktopHostForm {
        var copy = self
        copy.secret = ""
        return copy
    }

    var endpoints: [(host: String, port: Int)?] {
        seats.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.map { line in
            guard let colon = line.lastIndex(of: ":"), let port = Int(line[line.index(after: colon)...]), (1...65_535).contains(port),
                colon != line.startIndex
            else { return nil }
            return (String(line[..<colon]), port)
        }
    }

    func errors(pool: DesktopPool, on db: any Database) async throws -> [FormError] {
        var errors: [FormError] = []
        if name.isEmpty { errors.append(FormError(field: "name", message: "Enter the host's name")) }
        if try await DesktopHost.query(on: db).filter(\.$poolID == pool.requireID()).filter(\.$name == name).count() > 0 {
            errors.append(FormError(field: "name", message: "This pool already has a host called \(name)"))
        }
        if address.isEmpty { errors.append(FormError(field: "address", message: "Enter the host's address")) }
        if secret.isEmpty { errors.append(FormError(field: "secret", message: "Enter the host's VNC password")) }
        if endpoints.isEmpty || endpoints.contains(where: { $0 == nil }) {
            errors.append(FormError(field: "seats", message: "Enter each seat as address:port, one per line, such as 10.0.0.5:5901"))
        }
        return errors
    }

    func create(pool: DesktopPool, box: SecretBox, on db: any Database) async throws {
        let poolID = try pool.requireID()
        let host = DesktopHost(poolID: poolID, name: name, address: address, sealedSecret: box.seal(secret))
        let endpoints = endpoints.compactMap { $0 }
        let name = name
        try await db.writeTransaction { tx in
            try await host.create(on: tx)
            for (index, endpoint) in endpoints.enumerated() {
                try await DesktopSeat(
                    poolID: poolID, hostID: host.requireID(), name: "\(name)-seat-\(index + 1)", vncHost: endpoint.host,
                    vncPort: endpoint.port
                )
                .create(on: tx)
            }
        }
    }
}
