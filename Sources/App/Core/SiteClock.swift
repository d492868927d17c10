import Foundation
import Vapor

extension Application {
    private struct SiteClockKey: StorageKey { typealias Value = @Sendable () -> Date }

    /// The time now, as the patient pages see it (whether the practice is open, the reply promise). Tests set a fixed
    /// moment, for example a Saturday, to see a practice closed.
    var now: @Sendable () -> Date {
        get { storage[SiteClockKey.self] ?? { Date() } }
        set { storage[SiteClockKey.self] = newValue }
    }
}
