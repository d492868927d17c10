import Domain
import Fluent
import Foundation
import Plot
import Vapor

/// Readiness to work remotely: a practice's people and gaps, or a commissioner's roll-up across its practices.
enum EstateReadinessController {
    struct Query: Content {
        var org: String?
    }

    @Sendable static func show(req: Request) async throws -> HTML {
        let code = try req.query.decode(Query.self).org.flatMap { $0.isEmpty ? nil : $0 }
        let model = try await EstateReadinessShow.Model.load(
            code: code, for: try req.staff, snapshots: req.application.readinessSnapshots, on: req.db)
        return EstateReadinessShow.View(model: model, chrome: req.pageChrome).html
    }

    /// Turns the practice's kit gaps into a draft request, one line per person per missing item.
    @Sendable static func requestMissing(req: Request) async throws -> Response {
        let staff = try req.staff
        try staff.require(.manageEstate)
        let organisation = staff.actingOrganisation
        guard let line = try await EstateReadiness.organisations([organisation], on: req.db, today: staff.today).first else {
            throw EstateError.invalid("There is no readiness to read for \(organisation.name).")
        }
        let gaps = line.people.map { PersonGap(personID: $0.personID, name: $0.name, missing: $0.missing) }
        let lines = GapRequest.lines(for: gaps)
        guard !lines.isEmpty else {
            throw EstateError.refused("Nobody at \(organisation.name) is missing any kit; nothing to request.")
        }
        let organisationID = try organisation.requireID()
        let requesterID = try staff.person.requireID()
        let justification = GapRequest.justification(for: gaps, organisation: organisation.name)
        let raisedByManager = staff.actingRoles.contains(.practiceManager)
        let id = try await req.db.writeTransaction { tx in
            let id = try await EstateRequestFlow(db: tx, now: Date()).createDraft(
                organisationID: organisationID, requesterID: requesterID, kind: .kit, justification: justification, lines: lines,
                raisedByManager: raisedByManager)
            try await req.audit(
                .estateRequestChanged, recordType: "estate_request", recordID: id.uuidString, detail: "drafted from gaps", within: tx)
            return id
        }
        return req.redirect(to: SiteURL.estateRequest(id: id).path + "?done=drafted", redirectType: .normal)
    }

    struct ProfileForm: Content {
        var role: String
        var needs: [String]?
    }

    /// Replaces the standard entitlement profile of a role at the acting organisation (or restores it when every
    /// need of the standard one is ticked).
    @Sendable static func saveProfile(req: Request) async throws -> Response {
        let staff = try req.staff
        try staff.require(.manageEstate)
        let form = try req.content.decode(ProfileForm.self)
        guard let role = StaffRole(rawValue: form.role) else { throw EstateError.invalid("Choose a role.") }
        let needs = Set((form.needs ?? []).compactMap(Need.init(rawValue:)))
        let organisationID = try staff.actingOrganisation.requireID()
        try await req.db.writeTransaction { tx in
            let existing = try await EstateProfile.query(on: tx).filter(\.$organisationID == organisationID).filter(
                \.$role == role
            ).first()
            if needs == EntitlementProfile.standard(for: role).needs {
                try await existing?.delete(on: tx)
            } else {
                let profile = existing ?? EstateProfile()
                profile.organisationID = organisationID
                profile.role = role
                profile.needs = StoredList(needs.sorted())
                try await profile.save(on: tx)
            }
            try await req.audit(
                .estateFundingChanged, recordType: "estate_profile", recordID: organisationID.uuidString, detail: "profile \(role.rawValue)",
                within: tx)
        }
        return req.redirect(to: SiteURL.estateReadiness.path + "#profiles", redirectType: .normal)
    }
}
