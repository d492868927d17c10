import Domain
import Foundation
import Testing

@Suite struct APITokenDraftTests {
    func problems(_ draft: APITokenDraft) -> [APITokenDraft.Problem] {
        do {
            _ = try draft.validate()
            return []
        } catch { return error.all }
    }

    @Test func aGoodDraftIsChecked() throws {
        // setup
        let draft = APITokenDraft(name: "  Clinical system link ", access: "read_only", areas: ["estate", "audit", "estate"], lifetimeDays: "30")
        // MUT
        let checked = try draft.validate()
        // validate
        #expect(checked.name == "Clinical system link")
        #expect(checked.scope == (try APITokenScope(access: .readOnly, areas: [.audit, .estate])))
        #expect(checked.lifetime.days == 30)
    }

    @Test func anEmptyFormNamesEveryField() {
        // MUT
        let found = problems(APITokenDraft(name: nil, access: nil, areas: [], lifetimeDays: nil))
        // validate: in the order of the form
        #expect(found.map(\.field) == ["name", "access", "areas", "lifetimeDays"])
        #expect(found.allSatisfy { !$0.message.isEmpty })
    }

    @Test(arguments: [
        ("name", APITokenDraft(name: String(repeating: "x", count: 101), access: "read_write", areas: ["audit"], lifetimeDays: "90"), "up to 100 characters"),
        ("name", APITokenDraft(name: "two\nlines", access: "read_write", areas: ["audit"], lifetimeDays: "90"), "up to 100 characters"),
        ("access", APITokenDraft(name: "Link", access: "admin", areas: ["audit"], lifetimeDays: "90"), "only read, or read and write"),
        ("areas", APITokenDraft(name: "Link", access: "read_write", areas: ["audit", "prescriptions"], lifetimeDays: "90"), "Tick only the areas listed"),
        ("areas", APITokenDraft(name: "Link", access: "read_write", areas: [], lifetimeDays: "90"), "Tick at least one area"),
        ("lifetimeDays", APITokenDraft(name: "Link", access: "read_write", areas: ["audit"], lifetimeDays: "400"), "from 1 to 365"),
        ("lifetimeDays", APITokenDraft(name: "Link", access: "read_write", areas: ["audit"], lifetimeDays: "soon"), "whole number of days"),
    ])
    func oneBadFieldIsNamed(_ field: String, _ draft: APITokenDraft, _ message: String) {
        // MUT
        let found = problems(draft)
        // validate
        #expect(found.map(\.field) == [field])
        #expect(found.first?.message.contains(message) == true)
    }

    @Test func aNameOfExactlyOneHundredCharactersIsAllowed() throws {
        // MUT / validate
        let name = String(repeating: "é", count: 100)
        #expect(try APITokenDraft(name: name, access: "read_write", areas: ["requests"], lifetimeDays: "1").validate().name == name)
    }
}
