import Domain
import Foundation
import Testing

@Suite struct NULCharacterTests {
    @Test(arguments: [
        ("/api/v1/organisations/L8%00", true), ("/api/v1/assets?q=a%00b", true), ("name=%00", true), ("%00", true),
        ("name=a\u{0}b", true), ("", false), ("/api/v1/assets?q=a%2500", false), ("name=100%25&x=%0A", false),
        ("%0", false), ("%", false), ("q=%20%30%30", false), ("00%", false), ("%%00", true),
    ])
    func inAddressesAndForms(_ text: String, _ found: Bool) {
        // MUT / validate
        #expect(NULCharacter.appears(inPercentEncoded: Array(text.utf8)) == found, "\(text)")
    }

    @Test(arguments: [
        (#"{"name": "a\u0000b"}"#, true), (#"{"name": "\u0000"}"#, true), ("{\"name\": \"a\u{0}b\"}", true),
        (#"{"a": "\\\u0000"}"#, true), (#"{"name": "\\u0000"}"#, false), (#"{"name": "\u0041\u00e9\u1000"}"#, false),
        (#"{"name": "\"\u0000"}"#, true), (#"{"name": "\u000"#, false), (#"{"name": "\"#, false), ("", false),
        (#"{"limit": 0, "tag": "0000"}"#, false), (#"["u0000"]"#, false),
    ])
    func inJSON(_ text: String, _ found: Bool) {
        // MUT / validate
        #expect(NULCharacter.appears(inJSON: Array(text.utf8)) == found, "\(text)")
    }

    @Test func theMessageSaysWhatToRemove() {
        #expect(NULCharacter.message.contains("U+0000"))
        #expect(NULCharacter.message.contains("Remove it"))
    }
}
