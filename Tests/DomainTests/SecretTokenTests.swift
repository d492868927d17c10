import Domain
import Foundation
import Testing

@Suite struct SecretTokenTests {
    @Test func generatesFortyThreeCharacterBase64URLTokens() {
        // MUT
        let tokens = (0..<200).map { _ in SecretToken.generate() }
        // validate
        let alphabet = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        #expect(tokens.allSatisfy { $0.count == 43 && $0.allSatisfy(alphabet.contains) })
        #expect(Set(tokens).count == tokens.count)
    }

    @Test func lengthFollowsByteCount() {
        #expect(SecretToken.generate(byteCount: 16).count == 22)
        #expect(SecretToken.generate(byteCount: 48).count == 64)
        #expect(SecretToken.generate(byteCount: 1).count == 2)
    }

    @Test func digestIsLowerCaseHexSHA256() {
        // validate: FIPS 180-2 test vector for "abc"
        #expect(SecretToken.digest("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SecretToken.digest("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func constantTimeEquals() {
        #expect(SecretToken.constantTimeEquals("", ""))
        #expect(SecretToken.constantTimeEquals("abc", "abc"))
        #expect(!SecretToken.constantTimeEquals("abc", "abd"))
        #expect(!SecretToken.constantTimeEquals("abc", "ab"))
        #expect(!SecretToken.constantTimeEquals("ab", "abc"))
        #expect(!SecretToken.constantTimeEquals("", "a"))
        #expect(!SecretToken.constantTimeEquals("abc\u{0}", "abc"))
        #expect(SecretToken.constantTimeEquals("é", "é"))
    }
}

@Suite struct RecoveryCodesTests {
    @Test func generatesTenCodesInThreeGroupsOfFour() {
        // MUT
        let codes = RecoveryCodes.generate()
        // validate
        #expect(codes.count == 10)
        #expect(Set(codes).count == 10)
        let lookAlikes = Set("01ilo")
        for code in codes {
            let groups = code.split(separator: "-")
            #expect(groups.count == 3)
            #expect(groups.allSatisfy { $0.count == 4 })
            #expect(code.allSatisfy { ($0.isLowercase || $0.isNumber || $0 == "-") && !lookAlikes.contains($0) })
        }
    }

    @Test func countIsHonoured() {
        #expect(RecoveryCodes.generate(count: 3).count == 3)
        #expect(RecoveryCodes.generate(count: 0).isEmpty)
    }

    @Test func normaliseMatchesTypedVariants() {
        // setup
        let stored = "k7pq-2xzm-9wtc"
        // validate
        #expect(RecoveryCodes.normalise("K7PQ 2XZM 9WTC") == RecoveryCodes.normalise(stored))
        #expect(RecoveryCodes.normalise(" k7pq2xzm9wtc ") == RecoveryCodes.normalise(stored))
        #expect(RecoveryCodes.normalise("K7PQ-2XZM-9WTC") == RecoveryCodes.normalise(stored))
        #expect(RecoveryCodes.normalise(stored) == stored)
        #expect(RecoveryCodes.normalise("k7pq-2xzm-9wtd") != RecoveryCodes.normalise(stored))
    }

    @Test func generatedCodesAreAlreadyNormal() {
        for code in RecoveryCodes.generate() {
            #expect(RecoveryCodes.normalise(code) == code)
            #expect(RecoveryCodes.normalise(code.uppercased().replacingOccurrences(of: "-", with: " ")) == code)
        }
    }
}
