import Domain
import Testing

@Suite struct CommonPasswordsTests {
    @Test func holdsAtLeastThreeHundredLowerCasePasswords() {
        #expect(CommonPasswords.all.count >= 300)
        #expect(CommonPasswords.all.allSatisfy { $0 == $0.lowercased() && !$0.isEmpty && !$0.contains(" ") })
    }

    @Test(arguments: [
        "123456", "password", "qwerty", "letmein", "iloveyou", "passw0rd", "password123", "welcome1", "monkey",
        "dragon", "qwertyuiop", "1234567890", "password1234",
    ])
    func containsTheBestKnown(password: String) {
        #expect(CommonPasswords.all.contains(password))
    }
}
