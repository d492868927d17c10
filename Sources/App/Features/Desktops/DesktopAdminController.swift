import Domain
import Fluent
import Foundation
import Plot
import Vapor

/// Administration of desktop pools: who sits where, the line, hosts' state and health, force sign-out, utilisation.
enum DesktopAdminController {
    @Sendable static func index(req: Request) async throws -> HTML {
        try await list(req: req, form: DesktopPoolForm(), errors: [])
    }

    /// The pools with the register form: load, render.
    static func list(req: Request, form: DesktopPoolForm, errors: [FormError]) async throws -> HTML {
        let model = try await DesktopAdminPools.Model.load(form: form, errors: errors, for: try req.staff, on: req.db)
        return DesktopAdminPools.View(model: model, chrome: req.pageChrome).html
    }

    /// One pool's page with the add host form: load, render.
    static func pool(_ id: UUID, req: Request, hostForm: DesktopHostForm, errors: [FormError]) async throws -> HTML {
        let model = try await DesktopAdminPool.Model.load(
            id, hostForm: hostForm, errors: errors, for: try req.staff, now: Date(), on: req.db)
        return DesktopAdminPool.View(model: model, chrome: req.pageChrome).html
    }

    /// Registers a pool from the form; its hosts are added on the pool's page.
    @Sendable static func create(req: Request) async throws -> Response {
        let scope = try await DesktopAdminScope.load(for: req.staff, on: req.db)
        let form = try req.content.decode(DesktopPoolForm.self)
        let errors = try await form.errors(scope: scope, on: req.db)
        guard errors.isEmpty else {
            return try await list(req: req, form: form, errors: errors).encodeResponse(
                status: .unprocessableEntity, for: req)
        }
        let id = try await req.db.writeTransaction { tx in
            let id = try await form.create(on: tx)
            try await req.audit(.desktopPoolChanged, recordType: "desktop_pool", recordID: id.uuidString, detail: "registered \(form.name)", within: tx)
            return id
        }
        return req.redirect(to: SiteURL.desktopPoolAdmin(id: id).path, redirectType: .normal)
    }

    @Sendable static func show(req: Request) async throws -> HTML {
        try req.staff.require(.manageDesktopPools)
        return try await pool(try req.uuidParameter(.poolID), req: req, hostForm: DesktopHostForm(), errors: [])
    }

    /// Adds a host and its seats ("address:port", one per line); its password is sealed at once.
    @Sendable static func addHost(req: Request) async throws -> Response {
        let scope = try await DesktopAdminScope.load(for: req.staff, on: req.db)
        let pool = try await scope.pool(try req.uuidParameter(.poolID), on: req.db)
        let form = try req.content.decode(DesktopHostForm.self)
        let errors = try await form.errors(pool: pool, on: req.db)
        guard errors.isEmpty else {
            return try await self.pool(try pool.requireID(), req: req, hostForm: form.withoutSecret, errors: errors)
                .encodeResponse(status: .unprocessableEntity, for: req)
        }
        let box = req.application.secretBox
        try await req.db.writeTransaction { tx in
            try await form.create(pool: pool, box: box, on: tx)
            try await req.audit(
                .desktopHostChanged, recordType: "desktop_pool", recordID: pool.id?.uuidString, detail: "added host \(form.name)", within: tx)
        }
        return req.redirect(to: SiteURL.desktopPoolAdmin(id: try pool.requireID()).path, redirectType: .normal)
    }

    /// Enables, drains or disables a host.
    @Sendable static func setHostState(req: Request) async throws -> Response {
        struct Form: Content { var state: String }
        let scope = try await DesktopAdminScope.load(for: req.staff, on: req.db)
        let host = try await scope.host(try req.uuidParameter(.hostID), on: req.db)
        let text = try req.content.decode(Form.self).state
        guard let wanted = HostState(storedText: text) else {
            throw Abort(.badRequest, reason: "A host can be enabled, draining or disabled.")
        }
        try await req.db.writeTransaction { tx in
            _ = try await DesktopPoolTurn.begin(poolID: host.poolID, on: tx)
            host.state = wanted
            try await host.save(on: tx)
            try await req.audit(
                .desktopHostChanged, recordType: "desktop_host", recordID: host.id?.uuidString, detail: "\(host.name) \(wanted.storedText)", within: tx)
        }
        try await req.application.desktopBroker.tick(pool: host.poolID, app: req.application)
        return req.redirect(to: SiteURL.desktopPoolAdmin(id: host.poolID).path, redirectType: .normal)
    }

    /// Signs the holder of a seat out: their session is reset and the seat goes to the next in line.
    @Sendable static func forceSignOut(req: Request) async throws -> Response {
        let scope = try await DesktopAdminScope.load(for: req.staff, on: req.db)
        let seat = try await scope.seat(try req.uuidParameter(.seatID), on: req.db)
        if let person = seat.personID {
            let audit = req.auditRecord(.desktopForcedOut, recordType: "desktop_seat", recordID: seat.id?.uuidString, detail: "seat \(seat.name)")
            try await req.application.desktopBroker.signOut(
                person: person, pool: seat.poolID, reason: DesktopNotice.forcedOut.text, audit: audit, app: req.application)
        }
        return req.redirect(to: SiteURL.desktopPoolAdmin(id: seat.poolID).path, redirectType: .normal)
    }
}
