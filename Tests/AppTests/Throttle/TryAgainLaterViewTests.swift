@testable import App
import Domain
import Foundation
import Testing

/// The pages a refused sign-in and a refused patient request get.
struct TryAgainLaterViewTests {
    @Test func tooManySignInAttempts() {
        // setup
        let refusal = ThrottleRefusal(purpose: .signInPassword, retryAfterSeconds: 7 * 60, now: SnapshotFixtures.now)
        // MUT + validate
        assertPageSnapshot(TryAgainLater.View(model: refusal.tryAgainLater, chrome: SnapshotFixtures.chrome()).html)
    }

    @Test func aPatientRequestNotSent() {
        let refusal = ThrottleRefusal(purpose: .patientRequest, retryAfterSeconds: 45 * 60, now: SnapshotFixtures.now)
        assertPageSnapshot(TryAgainLater.View(model: refusal.tryAgainLater, chrome: SnapshotFixtures.chrome()).html)
    }
}
