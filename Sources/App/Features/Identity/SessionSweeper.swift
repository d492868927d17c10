import Fluent
import Foundation
import Vapor

/// Deletes sessions that ended by time but were never presented again, every few minutes.
struct SessionSweeper: SiteService {
    let name = "session sweeper"
    let app: Application
    let config: AppConfig
    var interval: Duration = .seconds(600)

    func run() async {
        while !Task.isCancelled {
            try? await Self.sweep(on: app.db, config: config, now: Date())
            try? await Task.sleep(for: interval)
        }
    }

    /// Removes sessions idle or older than the configured limits, NHS sign-ins in flight or patient sign-ins that
    /// expired, and logout tokens too old to be accepted again.
    static func sweep(on db: any Database, config: AppConfig, now: Date) async throws {
        try await StaffSession.query(on: db).group(.or) {
            $0.filter(\.$lastSeenAt < now.addingTimeInterval(-config.sessionIdle))
                .filter(\.$createdAt < now.addingTimeInterval(-config.sessionAbsolute))
        }.delete()
        try await OIDCAttempt.query(on: db).filter(\.$expiresAt < now).delete()
        try await PatientSignIn.query(on: db).filter(\.$expiresAt < now).delete()
        try await OIDCLogoutToken.query(on: db).filter(\.$forgetAfter < now).delete()
    }
}
