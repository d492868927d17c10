import Domain
import Foundation
import Testing

@Suite struct VNCAuthChallengeTests {
    func hex(_ text: String) -> [UInt8] {
        stride(from: 0, to: text.count, by: 2).map { offset in
            let start = text.index(text.startIndex, offsetBy: offset)
            return UInt8(text[start..<text.index(start, offsetBy: 2)], radix: 16)!
        }
    }

    @Test func keyBytesAreBitReversed() {
        // 's' = 0x73 = 0111_0011 → 1100_1110 = 0xCE; 'e' = 0x65 = 0110_0101 → 1010_0110 = 0xA6.
        #expect(VNCAuthChallenge.key(password: "secret") == [0xCE, 0xA6, 0xC6, 0x4E, 0xA6, 0x2E, 0x00, 0x00])
        #expect(VNCAuthChallenge.key(password: "\u{01}\u{7F}") == [0x80, 0xFE, 0, 0, 0, 0, 0, 0])
        // "é" is C3 A9 in UTF-8: C3 = 1100_0011 reads the same both ways, A9 = 1010_1001 → 1001_0101 = 0x95.
        #expect(VNCAuthChallenge.key(password: "é") == [0xC3, 0x95, 0, 0, 0, 0, 0, 0])
    }

    @Test func passwordIsPaddedOrCutToEightBytes() {
        #expect(VNCAuthChallenge.key(password: "") == [UInt8](repeating: 0, count: 8))
        // Only "surgery-" counts: anything after the eighth byte is ignored, as every VNC server does.
        #expect(VNCAuthChallenge.key(password: "surgery-anywhere") == hex("ceae4ee6a64e9eb4"))
        #expect(VNCAuthChallenge.key(password: "surgery-anywhere") == VNCAuthChallenge.key(password: "surgery-"))
    }

    @Test func challengeIsSixteenBytes() throws {
        #expect(try VNCAuthChallenge(Array(0..<16)).bytes == Array(0..<16))
        #expect(throws: RFBError.truncated(needed: 16, got: 15)) { try VNCAuthChallenge(Array(0..<15)) }
        #expect(throws: RFBError.trailingBytes(1)) { try VNCAuthChallenge(Array(0..<17)) }
    }

    @Test func eachHalfIsEncryptedWithTheReversedKey() throws {
        // setup: a block function that records what it is given
        let challenge = try VNCAuthChallenge(Array(0x10..<0x20))
        var calls: [([UInt8], [UInt8])] = []
        // MUT
        let response = try VNCAuthChallenge.response(challenge: challenge, password: "secret") { key, block in
            calls.append((key, block))
            return block.map { ~$0 }
        }
        // validate
        #expect(calls.count == 2)
        #expect(calls.allSatisfy { $0.0 == VNCAuthChallenge.key(password: "secret") })
        #expect(calls.map(\.1) == [Array(0x10..<0x18), Array(0x18..<0x20)])
        #expect(response == Array(0x10..<0x20).map { ~$0 })
        #expect(throws: RFBError.badCipherOutput(7)) {
            try VNCAuthChallenge.response(challenge: challenge, password: "x") { _, block in Array(block.prefix(7)) }
        }
    }

    @Test func testDESMatchesThePublishedExample() {
        // The worked example in J. Orlin Grabbe, "The DES Algorithm Illustrated".
        #expect(TestDES.encrypt(key: hex("133457799bbcdff1"), block: hex("0123456789abcdef")) == hex("85e813540f0ab405"))
    }

    /// Expected responses computed independently, outside Swift, with Python for the key and OpenSSL for DES:
    /// `openssl enc -des-ecb -nopad -K <bit-reversed key> -provider legacy -provider default` over the challenge.
    @Test(arguments: [
        ("secret", "101112131415161718191a1b1c1d1e1f", "772361f3df672dd08bf684acc0a449bc"),
        ("surgery-anywhere", "a1b2c3d4e5f60718293a4b5c6d7e8f90", "158e6abc36f9edad06f60b3a160bff73"),
        ("pw", "00000000000000000000000000000000", "48c0635f740c41b148c0635f740c41b1"),
    ])
    func responseMatchesOpenSSL(password: String, challenge: String, expected: String) throws {
        let response = try VNCAuthChallenge.response(
            challenge: try VNCAuthChallenge(hex(challenge)), password: password, encryptBlock: TestDES.encrypt)
        #expect(response == hex(expected))
    }
}

/// TEST HELPER ONLY: single-block DES encryption (FIPS 46-3), written plainly to check VncAuth responses. Slow and
/// not constant-time; the gateway uses a real implementation passed in as `encryptBlock`.
enum TestDES {
    static let initialPermutation = [
        58, 50, 42, 34, 26, 18, 10, 2, 60, 52, 44, 36, 28, 20, 12, 4, 62, 54, 46, 38, 30, 22, 14, 6, 64, 56, 48, 40, 32, 24, 16, 8,
        57, 49, 41, 33, 25, 17, 9, 1, 59, 51, 43, 35, 27, 19, 11, 3, 61, 53, 45, 37, 29, 21, 13, 5, 63, 55, 47, 39, 31, 23, 15, 7,
    ]
    static let finalPermutation = [
        40, 8, 48, 16, 56, 24, 64, 32, 39, 7, 47, 15, 55, 23, 63, 31, 38, 6, 46, 14, 54, 22, 62, 30, 37, 5, 45, 13, 53, 21, 61, 29,
        36, 4, 44, 12, 52, 20, 60, 28, 35, 3, 43, 11, 51, 19, 59, 27, 34, 2, 42, 10, 50, 18, 58, 26, 33, 1, 41, 9, 49, 17, 57, 25,
    ]
    static let expansion = [
        32, 1, 2, 3, 4, 5, 4, 5, 6, 7, 8, 9, 8, 9, 10, 11, 12, 13, 12, 13, 14, 15, 16, 17,
        16, 17, 18, 19, 20, 21, 20, 21, 22, 23, 24, 25, 24, 25, 26, 27, 28, 29, 28, 29, 30, 31, 32, 1,
    ]
    static let roundPermutation = [
        16, 7, 20, 21, 29, 12, 28, 17, 1, 15, 23, 26, 5, 18, 31, 10, 2, 8, 24, 14, 32, 27, 3, 9, 19, 13, 30, 6, 22, 11, 4, 25,
    ]
    static let keyChoice1 = [
        57, 49, 41, 33, 25, 17, 9, 1, 58, 50, 42, 34, 26, 18, 10, 2, 59, 51, 43, 35, 27, 19, 11, 3, 60, 52, 44, 36,
        63, 55, 47, 39, 31, 23, 15, 7, 62, 54, 46, 38, 30, 22, 14, 6, 61, 53, 45, 37, 29, 21, 13, 5, 28, 20, 12, 4,
    ]
    static let keyChoice2 = [
        14, 17, 11, 24, 1, 5, 3, 28, 15, 6, 21, 10, 23, 19, 12, 4, 26, 8, 16, 7, 27, 20, 13, 2,
        41, 52, 31, 37, 47, 55, 30, 40, 51, 45, 33, 48, 44, 49, 39, 56, 34, 53, 46, 42, 50, 36, 29, 32,
    ]
    static let shifts = [1, 1, 2, 2, 2, 2, 2, 2, 1, 2, 2, 2, 2, 2, 2, 1]
    static let sBoxes: [[UInt64]] = [
        [
            14, 4, 13, 1, 2, 15, 11, 8, 3, 10, 6, 12, 5, 9, 0, 7, 0, 15, 7, 4, 14, 2, 13, 1, 10, 6, 12, 11, 9, 5, 3, 8,
            4, 1, 14, 8, 13, 6, 2, 11, 15, 12, 9, 7, 3, 10, 5, 0, 15, 12, 8, 2, 4, 9, 1, 7, 5, 11, 3, 14, 10, 0, 6, 13,
        ],
        [
            15, 1, 8, 14, 6, 11, 3, 4, 9, 7, 2, 13, 12, 0, 5, 10, 3, 13, 4, 7, 15, 2, 8, 14, 12, 0, 1, 10, 6, 9, 11, 5,
            0, 14, 7, 11, 10, 4, 13, 1, 5, 8, 12, 6, 9, 3, 2, 15, 13, 8, 10, 1, 3, 15, 4, 2, 11, 6, 7, 12, 0, 5, 14, 9,
        ],
        [
            10, 0, 9, 14, 6, 3, 15, 5, 1, 13, 12, 7, 11, 4, 2, 8, 13, 7, 0, 9, 3, 4, 6, 10, 2, 8, 5, 14, 12, 11, 15, 1,
            13, 6, 4, 9, 8, 15, 3, 0, 11, 1, 2, 12, 5, 10, 14, 7, 1, 10, 13, 0, 6, 9, 8, 7, 4, 15, 14, 3, 11, 5, 2, 12,
        ],
        [
            7, 13, 14, 3, 0, 6, 9, 10, 1, 2, 8, 5, 11, 12, 4, 15, 13, 8, 11, 5, 6, 15, 0, 3, 4, 7, 2, 12, 1, 10, 14, 9,
            10, 6, 9, 0, 12, 11, 7, 13, 15, 1, 3, 14, 5, 2, 8, 4, 3, 15, 0, 6, 10, 1, 13, 8, 9, 4, 5, 11, 12, 7, 2, 14,
        ],
        [
            2, 12, 4, 1, 7, 10, 11, 6, 8, 5, 3, 15, 13, 0, 14, 9, 14, 11, 2, 12, 4, 7, 13, 1, 5, 0, 15, 10, 3, 9, 8, 6,
            4, 2, 1, 11, 10, 13, 7, 8, 15, 9, 12, 5, 6, 3, 0, 14, 11, 8, 12, 7, 1, 14, 2, 13, 6, 15, 0, 9, 10, 4, 5, 3,
        ],
        [
            12, 1, 10, 15, 9, 2, 6, 8, 0, 13, 3, 4, 14, 7, 5, 11, 10, 15, 4, 2, 7, 12, 9, 5, 6, 1, 13, 14, 0, 11, 3, 8,
            9, 14, 15, 5, 2, 8, 12, 3, 7, 0, 4, 10, 1, 13, 11, 6, 4, 3, 2, 12, 9, 5, 15, 10, 11, 14, 1, 7, 6, 0, 8, 13,
        ],
        [
            4, 11, 2, 14, 15, 0, 8, 13, 3, 12, 9, 7, 5, 10, 6, 1, 13, 0, 11, 7, 4, 9, 1, 10, 14, 3, 5, 12, 2, 15, 8, 6,
            1, 4, 11, 13, 12, 3, 7, 14, 10, 15, 6, 8, 0, 5, 9, 2, 6, 11, 13, 8, 1, 4, 10, 7, 9, 5, 0, 15, 14, 2, 3, 12,
        ],
        [
            13, 2, 8, 4, 6, 15, 11, 1, 10, 9, 3, 14, 5, 0, 12, 7, 1, 15, 13, 8, 10, 3, 7, 4, 12, 5, 6, 11, 0, 14, 9, 2,
            7, 11, 4, 1, 9, 12, 14, 2, 0, 6, 10, 13, 15, 3, 5, 8, 2, 1, 14, 7, 4, 10, 8, 13, 15, 12, 9, 0, 3, 5, 6, 11,
        ],
    ]

    /// Bits of `input` (`width` bits wide, bit 1 the most significant) picked in the order `table` gives.
    static func permute(_ input: UInt64, width: Int, _ table: [Int]) -> UInt64 {
        table.reduce(0) { output, position in output << 1 | (input >> UInt64(width - position)) & 1 }
    }

    /// One 8-byte block encrypted under an 8-byte key.
    static func encrypt(key: [UInt8], block: [UInt8]) -> [UInt8] {
        let keyBits = key.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        let blockBits = block.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        let halves = permute(keyBits, width: 64, keyChoice1)
        var c = halves >> 28, d = halves & 0xFFF_FFFF
        var roundKeys: [UInt64] = []
        for shift in shifts {
            c = (c << UInt64(shift) | c >> UInt64(28 - shift)) & 0xFFF_FFFF
            d = (d << UInt64(shift) | d >> UInt64(28 - shift)) & 0xFFF_FFFF
            roundKeys.append(permute(c << 28 | d, width: 56, keyChoice2))
        }
        let permuted = permute(blockBits, width: 64, initialPermutation)
        var left = permuted >> 32, right = permuted & 0xFFFF_FFFF
        for roundKey in roundKeys {
            let mixed = permute(right, width: 32, expansion) ^ roundKey
            var substituted: UInt64 = 0
            for box in 0..<8 {
                let six = mixed >> UInt64(42 - 6 * box) & 0x3F
                let row = (six >> 4 & 0b10) | (six & 1)
                substituted = substituted << 4 | sBoxes[box][Int(row * 16 + (six >> 1 & 0xF))]
            }
            (left, right) = (right, left ^ permute(substituted, width: 32, roundPermutation))
        }
        let output = permute(right << 32 | left, width: 64, finalPermutation)
        return (0..<8).map { UInt8(output >> UInt64(56 - 8 * $0) & 0xFF) }
    }
}
