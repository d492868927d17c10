import Domain
import Fluent
import Foundation
import Vapor

/// A practice that takes online requests, as its patient pages need it: when it is open, what it promises, and
/// whether it takes requests while closed.
struct OnlinePractice: Sendable {
    var practice: Organisation
    /// The hours, promise, bank holidays and agreed closures.
    var capacity: PracticeCapacity
    /// Outside its hours the practice takes requests (saying when they will be read) rather than turning them away.
    var acceptsWhenClosed: Bool
    /// The practice offers NHS login on its form (when the site has NHS login set up).
    var offersNHSLogin: Bool = true
}

/// The practices patients write to, with their settings, kept for a few seconds: every patient page needs them,
/// and they change rarely (a change made on this instance shows at once; on another instance within `lifetime`).
actor PracticeDirectory {
    struct Entry {
        var online: OnlinePractice
        var fetchedAt: ContinuousClock.Instant
    }

    private var entries: [String: Entry] = [:]
    let lifetime: Duration = .seconds(5)

    /// The practice with ODS code `code` and its settings (the typical practice's when it has saved none), or nil.
    func lookup(code: String, bankHolidays: EnglandBankHolidays, on db: any Database) async throws -> OnlinePractice? {
        if let entry = entries[code], ContinuousClock.now - entry.fetchedAt < lifetime { return entry.online }
        guard let practice = try await Organisation.query(on: db).filter(\.$odsCode == code).first() else {
            entries[code] = nil
            return nil
        }
        let id = try practice.requireID()
        let settings = try await ConsultSettings.query(on: db).filter(\.$organisationID == id).first()
        let closures = try await AgreedClosureRecord.upcoming(organisationID: id, from: CalendarDay(Date()).adding(days: -1), on: db)
        let capacity =
            try settings?.practiceCapacity(bankHolidays: bankHolidays, closures: closures.map(\.closure))
            ?? PracticeCapacity.typicalPractice.with(bankHolidays: bankHolidays, closures: closures.map(\.closure))
        let online = OnlinePractice(
            practice: practice, capacity: capacity, acceptsWhenClosed: settings?.acceptWhenClosed ?? false,
            offersNHSLogin: settings?.offersNHSLogin ?? true)
        entries[code] = Entry(online: online, fetchedAt: .now)
        return online
    }

    func forget(code: String) { entries[code] = nil }

    /// The hours of the service with ODS code `code` (a practice, a hub, an out-of-hours provider), or the typical
    /// practice's when it has none of its own: for a promise worked out again when a request moves there.
    func capacity(code: String, bankHolidays: EnglandBankHolidays, on db: any Database) async throws -> PracticeCapacity {
        try await lookup(code: code, bankHolidays: bankHolidays, on: db)?.capacity
            ?? PracticeCapacity.typicalPractice.with(bankHolidays: bankHolidays, closures: [])
    }
}

extension Application {
    private struct PracticeDirectoryKey: StorageKey { typealias Value = PracticeDirectory }

    /// This instance's short-lived cache of practices taking online requests.
    var practiceDirectory: PracticeDirectory {
        if let directory = storage[PracticeDirectoryKey.self] { return directory }
        let directory = PracticeDirectory()
        storage[PracticeDirectoryKey.self] = directory
        return directory
    }
}
