import Domain
import Testing

/// Sealing secrets for storage.
@Suite struct SecretBoxTests {
    @Test func sealedTextOpensWithTheSameKeyOnly() throws {
        // setup
        let key = SecretBox.randomKeyBytes()
        let box = try SecretBox(keyBytes: key)
        // MUT
        let sealed = box.seal("JBSWY3DPEHPK3PXP")
        // validate
        #expect(sealed.hasPrefix("v1:"))
        #expect(!sealed.contains("JBSWY3DPEHPK3PXP"))
        #expect(try box.open(sealed) == "JBSWY3DPEHPK3PXP")
        #expect(throws: SecretBoxError.cannotOpen) { try SecretBox.random().open(sealed) }
        #expect(box.seal("same") != box.seal("same"))
    }

    @Test func alteredOrPlainTextIsRefused() throws {
        let box = SecretBox.random()
        var sealed = Array(box.seal("secret"))
        sealed[10] = sealed[10] == "A" ? "B" : "A"
        #expect(throws: SecretBoxError.self) { try box.open(String(sealed)) }
        #expect(throws: SecretBoxError.notSealed) { try box.open("JBSWY3DPEHPK3PXP") }
        #expect(throws: SecretBoxError.badKeyLength(16)) { try SecretBox(keyBytes: Array(repeating: 1, count: 16)) }
    }

    @Test func keyedDigestsAreStablePerKeyAndPurposeAndHideTheText() throws {
        // setup
        let key = SecretBox.randomKeyBytes()
        let box = try SecretBox(keyBytes: key)
        // MUT
        let digest = box.keyedDigest("192.0.2.1", purpose: "client address")
        // validate
        #expect(digest.count == 64)
        #expect(!digest.contains("192"))
        #expect(try SecretBox(keyBytes: key).keyedDigest("192.0.2.1", purpose: "client address") == digest)
        #expect(box.keyedDigest("192.0.2.2", purpose: "client address") != digest)
        #expect(box.keyedDigest("192.0.2.1", purpose: "another purpose") != digest)
        #expect(SecretBox.random().keyedDigest("192.0.2.1", purpose: "client address") != digest)
        #expect(digest != SecretToken.digest("192.0.2.1"))
    }
}
