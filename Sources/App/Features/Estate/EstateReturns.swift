import Domain
import Fluent
import Foundation

/// When a person's last engagement ends, the kit in their name must come back.
enum EstateReturns {
    /// Marks the person's kit as due back if they have no engagement left that is active today or starts later;
    /// returns how many assets are now due.
    @discardableResult
    static func startIfLastEngagementEnded(personID: UUID, endedBy: UUID, on db: any Database, today: CalendarDay, now: Date) async throws
        -> Int
    {
        let engagements = try await Engagement.query(on: db).filter(\.$person.$id == personID).all()
        let stillEngaged = engagements.contains { engagement in
            engagement.isActive(on: today) || engagement.startsOn > today
        }
        guard !stillEngaged else { return 0 }
        let holding = AssetState.allCases.filter(\.holdsPerson)
        return try await db.writeTransaction { tx in
            let assets = try await EstateAsset.query(on: tx).filter(\.$personID == personID).filter(\.$personal == false)
                .filter(\.$state ~~ holding).filter(\.$returnDueSince == nil).all()
            let book = EstateAssetBook(db: tx, now: now, byID: endedBy, source: "engagement")
            for asset in assets {
                asset.returnDueSince = now
                try await asset.save(on: tx)
                try await book.record(asset, "return started: the person's last engagement ended")
            }
            if !assets.isEmpty {
                let kinds = assets.map { $0.kind.displayName.lowercased() }.joined(separator: ", ")
                try await EstateNotice(
                    personID: personID, at: now, text: "Your work at the practice has ended: please return your \(kinds).",
                    requestID: nil
                ).create(on: tx)
            }
            return assets.count
        }
    }
}
