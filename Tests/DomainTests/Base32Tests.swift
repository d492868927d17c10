import Domain
import Testing

@Suite struct Base32Tests {
    /// RFC 4648 section 10, without the "=" padding.
    static let vectors = [
        ("", ""), ("f", "MY"), ("fo", "MZXQ"), ("foo", "MZXW6"), ("foob", "MZXW6YQ"),
        ("fooba", "MZXW6YTB"), ("foobar", "MZXW6YTBOI"),
    ]

    @Test(arguments: vectors)
    func encodesRFC4648Vectors(plain: String, encoded: String) {
        #expect(Base32.encode(Array(plain.utf8)) == encoded)
    }

    @Test(arguments: vectors)
    func decodesRFC4648Vectors(plain: String, encoded: String) {
        #expect(Base32.decode(encoded) == Array(plain.utf8))
    }

    @Test func decodesPaddedLowerCaseAndSpacedText() {
        #expect(Base32.decode("MZXW6YTBOI======") == Array("foobar".utf8))
        #expect(Base32.decode("mzxw 6ytb oi") == Array("foobar".utf8))
        #expect(Base32.decode("MY======") == Array("f".utf8))
    }

    @Test func refusesCharactersOutsideTheAlphabet() {
        #expect(Base32.decode("MZXW1") == nil)
        #expect(Base32.decode("MZXW0") == nil)
        #expect(Base32.decode("MZXW8") == nil)
        #expect(Base32.decode("MZ-XW") == nil)
        #expect(Base32.decode("MZXWÉ") == nil)
    }

    @Test func roundTripsEveryLength() {
        for length in 0...64 {
            // setup
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            // MUT
            let text = Base32.encode(bytes)
            // validate
            #expect(Base32.decode(text) == bytes)
            #expect(!text.contains("="))
        }
    }

    @Test func encodesTheRFC6238Seed() {
        #expect(Base32.encode(Array("12345678901234567890".utf8)) == "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")
    }
}
