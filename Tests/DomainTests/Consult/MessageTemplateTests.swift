import Domain
import Foundation
import Testing

@Suite struct MessageTemplateTests {
    @Test func findsPlaceholdersOnceInOrder() {
        let body = "Dear ((name)), your request ((reference)) is booked. ((Name)), reply at ((link)). Cost (£0) (( )) ((a\nb))"
        #expect(MessageTemplate.placeholders(in: body) == ["name", "reference", "link"])
        #expect(MessageTemplate.placeholders(in: "no fields (here) or ((unclosed") == [])
    }

    @Test func rendersValuesLiterally() throws {
        // MUT
        let text = try MessageTemplate.render(
            "Hello ((first name)), from (( practice )). ((first name))!", values: ["First Name": "((practice))", "practice": "The Surgery"])
        // validate
        #expect(text == "Hello ((practice)), from The Surgery. ((practice))!")
    }

    @Test func keepsTextThatIsNotAField() throws {
        #expect(try MessageTemplate.render("(((name))) ((unclosed", values: ["name": "Ann"]) == "(Ann) ((unclosed")
    }

    @Test func missingValueIsNamed() {
        #expect(throws: TemplateError.missingValue("link")) {
            try MessageTemplate.render("Reply at ((link)) by ((date))", values: ["date": "Friday"])
        }
        #expect(TemplateError.missingValue("link").message.contains("((link))"))
    }

    @Test func countsGSMFragments() {
        #expect(MessageTemplate.smsFragments("") == 0)
        #expect(MessageTemplate.smsFragments(String(repeating: "a", count: 160)) == 1)
        #expect(MessageTemplate.smsFragments(String(repeating: "a", count: 161)) == 2)
        #expect(MessageTemplate.smsFragments(String(repeating: "a", count: 306)) == 2)
        #expect(MessageTemplate.smsFragments(String(repeating: "a", count: 307)) == 3)
        // The euro sign takes two septets: 80 of them fill one message, 81 need two.
        #expect(MessageTemplate.smsFragments(String(repeating: "€", count: 80)) == 1)
        #expect(MessageTemplate.smsFragments(String(repeating: "€", count: 81)) == 2)
        #expect(MessageTemplate.smsFragments("£5 at 9:00, é") == 1)
        #expect(MessageTemplate.isGSM7("Hello {name} £€"))
    }

    @Test func countsUnicodeFragments() {
        #expect(!MessageTemplate.isGSM7("It’s ready"))
        #expect(MessageTemplate.smsFragments(String(repeating: "a", count: 69) + "’") == 1)
        #expect(MessageTemplate.smsFragments(String(repeating: "a", count: 70) + "’") == 2)
        #expect(MessageTemplate.smsFragments(String(repeating: "a", count: 133) + "’") == 2)
        #expect(MessageTemplate.smsFragments(String(repeating: "a", count: 134) + "’") == 3)
        // An emoji is two UTF-16 units.
        #expect(MessageTemplate.smsFragments(String(repeating: "a", count: 68) + "🙂") == 1)
        #expect(MessageTemplate.smsFragments(String(repeating: "a", count: 69) + "🙂") == 2)
    }
}
