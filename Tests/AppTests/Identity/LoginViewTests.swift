@testable import App
import Domain
import Foundation
import Testing

/// The sign-in pages, signed out: the password page refused, just after signing out, and the code page refused.
struct LoginViewTests {
    @Test func theSignInPageWithAnError() {
        // setup
        let model = Login.Password.Model(
            email: "asha.patel@example.nhs.uk",
            errors: [FormError(field: "password", message: "The email address or password is not right")],
            next: "/consult")
        // MUT + validate
        assertPageSnapshot(Login.Password.View(model: model, chrome: SnapshotFixtures.chrome()).html)
    }

    @Test func theSignInPageAfterSigningOut() {
        let model = Login.Password.Model(email: "", errors: [], next: nil, signedOut: true)
        assertPageSnapshot(Login.Password.View(model: model, chrome: SnapshotFixtures.chrome()).html)
    }

    @Test func theSignInPageOfferingCIS2() {
        let model = Login.Password.Model(email: "", errors: [], next: "/desktops", offersCIS2: true)
        assertPageSnapshot(Login.Password.View(model: model, chrome: SnapshotFixtures.chrome()).html)
    }

    @Test func theCodePageWithAnError() {
        let model = Login.SecondFactor.Model(
            errors: [FormError(field: "code", message: "Enter the 6-digit code from your authenticator app")], next: nil)
        assertPageSnapshot(Login.SecondFactor.View(model: model, chrome: SnapshotFixtures.chrome()).html)
    }

    @Test func theRecoveryCodes() {
        let model = Enrolment.Codes.Model(codes: ["ABCD-EFGH-JKLM", "NPQR-STUV-WXYZ"])
        assertPageSnapshot(Enrolment.Codes.View(model: model, chrome: SnapshotFixtures.chrome()).html)
    }
}
