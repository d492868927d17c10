import Domain
import Fluent
import Foundation
import Vapor

/// Readiness to work remotely: one organisation's people and gaps, or a commissioner's roll-up across its practices.
enum EstateReadinessShow {
    /// One organisation's readiness: each person and what they lack, what each role needs, the kit to come back.
    struct Detail: Sendable {
        var line: EstateReadiness.OrganisationLine
        /// Kit whose person's last engagement has ended, by tag, at most 200.
        var returnsDue: [EstateAsset]
        /// Whether the person manages the estate of this organisation: they may request what is missing and change what
        /// a role needs.
        var mayRequest: Bool
    }

    /// The roll-up across the organisations a commissioner looks after.
    struct Rollup: Sendable {
        var lines: [ReadinessSnapshots.Line]
        /// The commissioner looking.
        var acting: Organisation
        /// When the figures were counted, for a roll-up read from the background count; nil: counted for this page.
        var countedAt: Date?
        /// How often the background count runs; nil when it does not.
        var countEvery: TimeInterval?
    }

    /// What the page shows: one organisation, or the roll-up.
    enum Model: Sendable {
        case organisation(Detail)
        case rollup(Rollup)

        /// Checks the person may see the estate, then reads the organisation named by its ODS code (in scope), the
        /// acting practice, or the commissioner's roll-up.
        static func load(code: String?, for staff: StaffContext, snapshots: ReadinessSnapshots, on db: any Database) async throws
            -> Model
        {
            try staff.require(.viewEstate)
            let scope = try await EstateScope.load(for: staff, on: db)
            if let code {
                return .organisation(try await detail(of: try await scope.organisation(code: code, on: db), for: staff, on: db))
            }
            if scope.isProvider {
                return .organisation(try await detail(of: staff.actingOrganisation, for: staff, on: db))
            }
            let providers = try await scope.providers(on: db)
            let (lines, countedAt) = try await snapshots.rollup(providers, on: db, today: staff.today)
            return .rollup(
                Rollup(lines: lines, acting: staff.actingOrganisation, countedAt: countedAt, countEvery: snapshots.config.interval))
        }

        private static func detail(of organisation: Organisation, for staff: StaffContext, on db: any Database) async throws
            -> Detail
        {
            let lines = try await EstateReadiness.organisations([organisation], on: db, today: staff.today)
            guard let line = lines.first else { throw Abort(.notFound) }
            let returnsDue = try await EstateAsset.query(on: db).filter(\.$ownerID == organisation.requireID())
                .filter(\.$returnDueSince != nil).sort(\.$tag).limit(200).all()
            return .init(
                line: line, returnsDue: returnsDue, mayRequest: staff.can(.manageEstate) && staff.actingOrganisation.id == organisation.id)
        }
    }
}
