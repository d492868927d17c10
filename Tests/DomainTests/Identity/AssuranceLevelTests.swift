import Domain
import Foundation
import Testing

/// Reading CIS2's `acr`, NHS login's `vot`, and the PKCE challenge.
@Suite struct AssuranceLevelTests {
    @Test(arguments: [
        ("AAL3", AssuranceLevel.aal3), ("AAL2", .aal2), ("aal1", .aal1), ("AAL3_ANY", .aal3), ("AAL2_OR_ABOVE", .aal2),
    ])
    func acrValuesAreRead(acr: String, level: AssuranceLevel) {
        // MUT
        let read = AssuranceLevel(acr: acr)
        // validate
        #expect(read == level)
    }

    @Test(arguments: ["", "AAL", "AAL4", "AAL23", "LOA2", "AAL2X", "urn:mace:incommon:iap:silver"])
    func otherAcrValuesAreNoLevel(acr: String) {
        #expect(AssuranceLevel(acr: acr) == nil)
    }

    @Test func levelsOrderAndAskForThemselves() {
        #expect(AssuranceLevel.aal1 < .aal2 && AssuranceLevel.aal2 < .aal3)
        #expect(AssuranceLevel(acr: AssuranceLevel.aal3.requestValue) == .aal3)
        #expect(AssuranceLevel(acr: AssuranceLevel.aal2.requestValue) == .aal2)
        #expect(AssuranceLevel.standard == .aal2)
    }

    @Test(arguments: [
        ("P9.Cp.Cd", IdentityProofingLevel.p9), ("P9.Cm", .p9), ("P5.Cp.Ck", .p5), ("P0.Cp", .p0), ("p5", .p5),
    ])
    func votValuesAreRead(vot: String, level: IdentityProofingLevel) {
        #expect(IdentityProofingLevel(vot: vot) == level)
    }

    @Test func onlyP9VerifiesAndOthersAreNoLevel() {
        #expect(IdentityProofingLevel.p9.verifiesIdentity)
        #expect(!IdentityProofingLevel.p5.verifiesIdentity)
        #expect(IdentityProofingLevel(vot: "Cp.Cd") == nil)
        #expect(IdentityProofingLevel(vot: "") == nil)
    }

    @Test func proofKeyChallengeIsRFC7636S256() {
        // setup: the example of RFC 7636 appendix B
        let key = ProofKey(verifier: "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")
        // MUT, validate
        #expect(key.challenge == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
        #expect(ProofKey().verifier.count >= 43)
        #expect(Base64URL.decode(Base64URL.encode(Data([0xfb, 0xff, 0x01]))) == Data([0xfb, 0xff, 0x01]))
    }
}
