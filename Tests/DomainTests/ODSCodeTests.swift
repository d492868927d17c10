import Domain
import Foundation
import Testing

@Suite struct ODSCodeTests {
    @Test(arguments: [
        (OrganisationKind.practice, "L81008"), (.practice, "y00001"), (.branch, "L81008001"), (.pcn, "U12345"),
        (.subICB, "15N"), (.subICB, "01A00"), (.subICB, "99C"), (.icb, "QE1"), (.icb, "QHG"),
        (.hub, "NLO10"), (.outOfHours, "E85"), (.urgentCare, "RYJ01"), (.national, "X26"), (.national, "ABCDEFGH9"),
    ])
    func acceptsWellFormedCodes(kind: OrganisationKind, text: String) throws {
        // MUT
        let code = try ODSCode(text, kind: kind)
        // validate
        #expect(code.value == text.uppercased())
    }

    @Test(arguments: [
        (OrganisationKind.practice, "L8100"), (.practice, "L810088"), (.practice, "181008"), (.practice, "LL1008"),
        (.branch, "L81008"), (.branch, "L8100800A"), (.branch, "L810080011"),
        (.pcn, "V12345"), (.pcn, "U1234"), (.pcn, "U1234A"),
        (.subICB, "1N5"), (.subICB, "15"), (.subICB, "1234"), (.subICB, "ABC123"), (.subICB, "A1-B2"),
        (.icb, "RE1"), (.icb, "Q1"), (.icb, "QHGX"),
        (.hub, "AB"), (.outOfHours, "ABCDEFGHIJ"), (.urgentCare, "RY J01"), (.national, "X-26"),
    ])
    func refusesMalformedCodes(kind: OrganisationKind, text: String) {
        #expect(throws: ODSCodeError.wrongFormat(kind: kind, code: text.uppercased())) { try ODSCode(text, kind: kind) }
    }

    @Test func trimsAndUpperCases() throws {
        #expect(try ODSCode("  l81008\n", kind: .practice).value == "L81008")
        #expect(try ODSCode(" qhg ", kind: .icb).value == "QHG")
        #expect(try ODSCode(anyKind: " l81008 ").value == "L81008")
    }

    @Test func refusesEmpty() {
        #expect(throws: ODSCodeError.empty) { try ODSCode("", kind: .practice) }
        #expect(throws: ODSCodeError.empty) { try ODSCode("  ", kind: .icb) }
        #expect(throws: ODSCodeError.empty) { try ODSCode(anyKind: "\t") }
    }

    @Test func anyKindAcceptsThreeToNineLettersAndDigits() throws {
        for text in ["15N", "L81008", "L81008001", "Y02345", "QHG"] {
            #expect(try ODSCode(anyKind: text).value == text)
        }
        for text in ["AB", "L810080012", "L81-008", "L81 008", "É1234"] {
            #expect(throws: ODSCodeError.wrongFormat(kind: nil, code: text.uppercased())) { try ODSCode(anyKind: text) }
        }
    }

    @Test func refusesNonASCIILettersAndDigits() {
        #expect(throws: ODSCodeError.self) { try ODSCode("É81008", kind: .practice) }
        #expect(throws: ODSCodeError.self) { try ODSCode("L８1008", kind: .practice) }
    }

    @Test func messageNamesTheExpectedFormat() {
        // setup
        let error = ODSCodeError.wrongFormat(kind: .practice, code: "L8100")
        // validate
        #expect(error.message.contains("A GP practice code is a letter and five digits, such as L81008."))
        #expect(error.message.contains("L8100"))
        for kind in OrganisationKind.allCases {
            #expect(ODSCodeError.wrongFormat(kind: kind, code: "X").message.count > 20)
        }
        #expect(ODSCodeError.wrongFormat(kind: nil, code: "X").message.contains("3 to 9"))
        #expect(ODSCodeError.empty.message.contains("Enter"))
    }

    @Test func displayNamesAndRawValues() {
        #expect(OrganisationKind.allCases.map(\.displayName) == [
            "GP practice", "Branch surgery", "Primary care network", "Hub", "Out-of-hours service",
            "Urgent care centre", "Sub-ICB location (CCG)", "Integrated care board", "National",
        ])
        #expect(OrganisationKind.outOfHours.rawValue == "ooh")
        #expect(OrganisationKind.urgentCare.rawValue == "ucc")
        #expect(OrganisationKind.subICB.rawValue == "sub_icb")
    }

    @Test func sortsAndPrintsByValue() throws {
        // setup
        let codes = try ["Y00001", "B82005", "L81008"].map { try ODSCode($0, kind: .practice) }
        // MUT
        let sorted = codes.sorted()
        // validate
        #expect(sorted.map(\.value) == ["B82005", "L81008", "Y00001"])
        #expect(sorted[0].description == "B82005")
    }

    @Test func codableAsString() throws {
        // setup
        let code = try ODSCode("L81008", kind: .practice)
        // MUT
        let json = try JSONEncoder().encode([code])
        // validate
        #expect(String(decoding: json, as: UTF8.self) == "[\"L81008\"]")
        #expect(try JSONDecoder().decode([ODSCode].self, from: json) == [code])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([ODSCode].self, from: Data("[\"L8\"]".utf8)) }
    }
}
