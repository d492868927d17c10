import Domain
import Fluent
import Foundation

/// A person's own estate page: the kit in their name, what they still lack, their own devices used for work, claims
/// for them, and what happened to their requests.
enum EstateHome {
    /// What the page shows, all of it about the person signed in.
    struct Model: Sendable {
        /// Kit of the estate in the person's name, by tag.
        var kit: [EstateAsset]
        /// The person's own devices and plans used for work.
        var own: [EstateAsset]
        /// Request lines delivered to the person and waiting for them to accept.
        var toAccept: [EstateRequestLine]
        /// What the person's roles need that they lack.
        var missing: [Need]
        var hasSecondFactor: Bool
        /// The desktop pools open to the person here, by name.
        var poolNames: [String]
        /// Whether any of the person's roles consults by video.
        var consultsByVideo: Bool
        /// Messages about the person's kit not yet settled, newest first.
        var notices: [EstateNotice]
        /// The estate's own pages the person may open: readiness and requests; assets, imports and funding.
        var mayViewEstate: Bool
        var mayManageOrFund: Bool
        var errors: [FormError]

        /// Checks the person may see their own kit, then finds it, their gaps, their pools and their messages.
        static func load(for staff: StaffContext, errors: [FormError], on db: any Database) async throws -> Model {
            try staff.require(.viewOwnKit)
            let personID = try staff.person.requireID()
            let assets = try await EstateAsset.query(on: db).filter(\.$personID == personID).sort(\.$tag).all()
            let waiting = try await EstateRequestLine.query(on: db).filter(\.$personID == personID).filter(\.$acceptedAt == nil).all()
            let delivered = try await EstateRequest.query(on: db).filter(\.$id ~~ Set(waiting.map(\.requestID)))
                .filter(\.$status == .delivered).all()
            let toAccept = waiting.filter { line in delivered.contains { $0.id == line.requestID } }
            let readiness = try await EstateReadiness.organisations([staff.actingOrganisation], on: db, today: staff.today)
            let missing = readiness.first?.people.first { $0.personID == personID }?.missing ?? []
            let notices = try await EstateNotice.query(on: db).filter(\.$personID == personID).filter(\.$settledAt == nil)
                .sort(\.$at, .descending).limit(15).all()
            let pools = try await DesktopAccess.pools(for: staff, on: db)
            let video = staff.engagements.contains { $0.engagement.role.permissions.contains(.consultByVideo) ?? false }
            return Model(
                kit: assets.filter { !$0.personal }, own: assets.filter(\.personal), toAccept: toAccept, missing: missing,
                hasSecondFactor: staff.person.hasSecondFactor, poolNames: pools.map(\.name), consultsByVideo: video,
                notices: notices, mayViewEstate: staff.can(.viewEstate),
                mayManageOrFund: staff.can(.manageEstate) || staff.can(.approveFunding), errors: errors)
        }
    }
}
