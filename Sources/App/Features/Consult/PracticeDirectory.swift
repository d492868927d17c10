import Domain
import Fluent
import Foundation
import Vapor

/// The practices patients write to, with their settings, kept for a few seconds: every patient page needs them,
/// and they change rarely (a change made on this instance shows at once; on another instance within `lifetime`).
actor PracticeDirectory {
    struct Entry {
        var practice: Organisation
        var settings: ConsultSettings?
        var fetchedAt: ContinuousClock.Instant
    }

    private var entries: [String: Entry] = [:]
    let lifetime: Duration = .seconds(5)

    func lookup(code: String, on db: any Database) async throws -> (Organisation, ConsultSettings?)? {
        if let entry = entries[code], ContinuousClock.now - entry.fetchedAt < lifetime {
            return (entry.practice, entry.settings)
        }
        guard let practice = try await Organisation.query(on: db).filter(\.$odsCode == code).first() else {
            entries[code] = nil
            return nil
        }
        let settings = try await ConsultSettings.query(on: db).filter(\.$organisationID == practice.requireID()).first()
        entries[code] = Entry(practice: practice, settings: settings, fetchedAt: .now)
        return (practice, settings)
    }

    func forget(code: String) { entries[code] = nil }
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
