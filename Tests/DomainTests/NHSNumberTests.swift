import Domain
import Foundation
import Testing

@Suite struct NHSNumberTests {
    @Test func acceptsValidTestNumbers() throws {
        // MUT
        let first = try NHSNumber("9990000018")
        let second = try NHSNumber("9434765919")
        // validate
        #expect(first.digits == "9990000018")
        #expect(second.digits == "9434765919")
    }

    @Test func acceptsSpacesAndHyphens() throws {
        #expect(try NHSNumber("999 000 0018").digits == "9990000018")
        #expect(try NHSNumber("999-000-0018").digits == "9990000018")
        #expect(try NHSNumber("  943 476 5919 ").digits == "9434765919")
    }

    @Test func formatsThreeThreeFour() throws {
        let number = try NHSNumber("9990000018")
        #expect(number.formatted == "999 000 0018")
        #expect(number.description == "999 000 0018")
        #expect("\(number)" == "999 000 0018")
    }

    @Test func refusesWrongCheckDigit() {
        #expect(throws: NHSNumberError.invalidCheckDigit) { try NHSNumber("9434765918") }
        #expect(throws: NHSNumberError.invalidCheckDigit) { try NHSNumber("9990000019") }
    }

    @Test func refusesEmpty() {
        #expect(throws: NHSNumberError.empty) { try NHSNumber("") }
        #expect(throws: NHSNumberError.empty) { try NHSNumber("   ") }
        #expect(throws: NHSNumberError.empty) { try NHSNumber(" - ") }
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 15, 20])
    func refusesEveryWrongLength(length: Int) {
        // setup
        let text = String(repeating: "9", count: length)
        // MUT + validate
        #expect(throws: NHSNumberError.wrongLength(length)) { try NHSNumber(text) }
    }

    @Test func refusesLetters() {
        #expect(throws: NHSNumberError.notDigits) { try NHSNumber("999000001A") }
        #expect(throws: NHSNumberError.notDigits) { try NHSNumber("NHS9990000018") }
        #expect(throws: NHSNumberError.notDigits) { try NHSNumber("999.000.0018") }
        #expect(throws: NHSNumberError.notDigits) { try NHSNumber("９９９０００００１８") }
    }

    @Test func checkDigitTenMeansNoValidNumber() {
        // setup: 1,0,0,0,0,0,0,0,1 → 10×1 + 2×1 = 12; 12 mod 11 = 1; 11 − 1 = 10
        let firstNine = [1, 0, 0, 0, 0, 0, 0, 0, 1]
        // MUT
        let check = NHSNumber.checkDigit(forFirstNine: firstNine)
        // validate
        #expect(check == nil)
        for last in 0...9 {
            #expect(throws: NHSNumberError.invalidCheckDigit) { try NHSNumber("100000001\(last)") }
        }
    }

    @Test func checkDigitElevenBecomesZero() throws {
        // setup: all zeros sum to 0; 11 − 0 = 11 → 0
        #expect(NHSNumber.checkDigit(forFirstNine: Array(repeating: 0, count: 9)) == 0)
        #expect(try NHSNumber("0000000000").digits == "0000000000")
    }

    @Test func checkDigitOfKnownNumbers() {
        #expect(NHSNumber.checkDigit(forFirstNine: [9, 9, 9, 0, 0, 0, 0, 0, 1]) == 8)
        #expect(NHSNumber.checkDigit(forFirstNine: [9, 4, 3, 4, 7, 6, 5, 9, 1]) == 9)
        #expect(NHSNumber.checkDigit(forFirstNine: [1, 2, 3]) == nil)
        #expect(NHSNumber.checkDigit(forFirstNine: [1, 2, 3, 4, 5, 6, 7, 8, 10]) == nil)
    }

    @Test func everyGeneratedNumberValidates() throws {
        for start in stride(from: 999_000_000, to: 999_000_400, by: 1) {
            let nine = String(start).compactMap(\.wholeNumberValue)
            if let check = NHSNumber.checkDigit(forFirstNine: nine) {
                #expect(try NHSNumber("\(start)\(check)").digits == "\(start)\(check)")
            }
        }
    }

    @Test func codableAsDigits() throws {
        // setup
        let number = try NHSNumber("999 000 0018")
        // MUT
        let json = try JSONEncoder().encode([number])
        let decoded = try JSONDecoder().decode([NHSNumber].self, from: json)
        // validate
        #expect(String(decoding: json, as: UTF8.self) == "[\"9990000018\"]")
        #expect(decoded == [number])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([NHSNumber].self, from: Data("[\"9434765918\"]".utf8))
        }
    }

    @Test func messagesAreActionable() {
        #expect(NHSNumberError.empty.message.contains("Enter"))
        #expect(NHSNumberError.wrongLength(9).message.contains("has 9"))
        #expect(NHSNumberError.notDigits.message.contains("only digits"))
        #expect(NHSNumberError.invalidCheckDigit.message.contains("mistyped"))
    }
}
