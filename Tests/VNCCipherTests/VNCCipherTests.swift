import Domain
import Foundation
import Testing
import VNCCipher

/// DES from libcrypto, checked against published and independently computed values.
@Suite struct VNCCipherTests {
    /// Bytes from hex digits, two to a byte.
    func hex(_ text: String) -> [UInt8] {
        stride(from: 0, to: text.count, by: 2).map { offset in
            let start = text.index(text.startIndex, offsetBy: offset)
            return UInt8(text[start..<text.index(start, offsetBy: 2)], radix: 16)!
        }
    }

    @Test func encryptsThePublishedExample() {
        // setup: the worked example in J. Orlin Grabbe, "The DES Algorithm Illustrated"
        let key = hex("133457799bbcdff1")
        // MUT
        let cipherText = VNCCipher.encryptBlock(key8: key, block8: hex("0123456789abcdef"))
        // validate
        #expect(cipherText == hex("85e813540f0ab405"))
    }

    @Test func ignoresKeyParityBits() {
        // setup: VncAuth keys are password bytes, whose low (parity) bits are arbitrary; flip every one of them
        let key = hex("133457799bbcdff1")
        let flipped = key.map { $0 ^ 1 }
        // MUT
        let cipherText = VNCCipher.encryptBlock(key8: flipped, block8: hex("0123456789abcdef"))
        // validate
        #expect(cipherText == hex("85e813540f0ab405"))
    }

    @Test func refusesWrongLengths() {
        #expect(VNCCipher.encryptBlock(key8: Array(repeating: 1, count: 7), block8: Array(repeating: 0, count: 8)) == [])
        #expect(VNCCipher.encryptBlock(key8: Array(repeating: 1, count: 8), block8: Array(repeating: 0, count: 9)) == [])
        #expect(throws: RFBError.truncated(needed: 16, got: 15)) {
            try VNCCipher.vncAuthResponse(challenge: Array(repeating: 0, count: 15), password: "Surgery1")
        }
    }

    /// Expected responses computed outside Swift: Python reversed the bits of each password byte (zero-padded to 8)
    /// to make the key, and OpenSSL 3.0 encrypted the challenge with
    /// `openssl enc -des-ecb -provider legacy -provider default -nopad -K <key hex>`
    /// (keys: "Surgery1" → caae4ee6a64e9e8c, "demo-pw" → 26a6b6f6b40eee00, "secret" → cea6c64ea62e0000).
    @Test(arguments: [
        ("Surgery1", "000102030405060708090a0b0c0d0e0f", "4b23d40355523291b6005e34ad8a8cb0"),
        ("demo-pw", "fedcba98765432100123456789abcdef", "5bfec5af9f7c25cee70e5a9b731851dc"),
        ("secret", "101112131415161718191a1b1c1d1e1f", "772361f3df672dd08bf684acc0a449bc"),
    ])
    func answersVNCAuthChallenges(password: String, challenge: String, expected: String) throws {
        // MUT
        let response = try VNCCipher.vncAuthResponse(challenge: hex(challenge), password: password)
        // validate
        #expect(response == hex(expected))
    }
}
