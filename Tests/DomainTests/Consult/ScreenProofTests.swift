import Domain
import Foundation
import Testing

/// The screen's proof binds the practice, the form, the person, the flags and the version, and goes stale.
@Suite struct ScreenProofTests {
    let box = SecretBox.random()
    let now = Date(timeIntervalSince1970: 1_794_052_800)

    func verify(_ token: String?, code: String = "A81001", submission: String = "form-key-0123456789abcdef",
                subject: RequestSubject? = .child, flags: [RedFlag] = [.worseningFast], version: String? = "v1", at: Date? = nil)
        -> ScreenProof.Refusal?
    {
        do {
            _ = try ScreenProof.verify(
                token, practiceCode: code, submission: submission, subject: subject, flags: flags, version: version, now: at ?? now, box: box)
            return nil
        } catch { return error }
    }

    @Test func aProofHoldsOnlyForWhatItWasIssuedFor() {
        let token = ScreenProof(
            practiceCode: "A81001", submission: "form-key-0123456789abcdef", subject: .child, flags: [.worseningFast], version: "v1",
            issuedAt: now
        ).token(box: box)
        #expect(verify(token) == nil)
        #expect(verify(token, at: now.addingTimeInterval(5 * 3600)) == nil)
        #expect(verify(nil) == .missing)
        #expect(verify(token, flags: []) == .altered, "a flag removed")
        #expect(verify(token, subject: .me) == .altered)
        #expect(verify(token, code: "B82002") == .altered, "another practice")
        #expect(verify(token, submission: "another-form-key-0123456789") == .altered, "another form")
        #expect(verify(token, version: "v2") == .altered)
        #expect(verify(token, at: now.addingTimeInterval(ScreenProof.lifetime + 1)) == .expired)
        let otherServer = ScreenProof(
            practiceCode: "A81001", submission: "form-key-0123456789abcdef", subject: .child, flags: [.worseningFast], version: "v1",
            issuedAt: now
        ).token(box: SecretBox.random())
        #expect(verify(otherServer) == .altered, "signed under another key")
    }
}
