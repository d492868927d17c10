import Domain
import Testing

@Suite struct PasswordPolicyTests {
    let policy = PasswordPolicy.standard

    @Test func standardLimits() {
        #expect(policy.minimumLength == 10)
        #expect(policy.maximumLength == 1024)
    }

    @Test func acceptsPassphrasesWithoutCompositionRules() {
        #expect(policy.problem(with: "correct horse battery staple", email: nil) == nil)
        #expect(policy.problem(with: "kettlemarmaladebicycle", email: "a.patel@nhs.net") == nil)
        #expect(policy.problem(with: "allllowercase", email: nil) == nil)
    }

    @Test func lengthLimits() {
        // setup
        let shortest = String(repeating: "x", count: 9) + "q"
        // MUT + validate
        #expect(policy.problem(with: "", email: nil) == .tooShort(minimum: 10))
        #expect(policy.problem(with: "purplecat", email: nil) == .tooShort(minimum: 10))
        #expect(policy.problem(with: shortest, email: nil) == nil)
        #expect(policy.problem(with: String(repeating: "kettle ", count: 146) + "ab", email: nil) == nil)
        #expect(policy.problem(with: String(repeating: "a", count: 1025), email: nil) == .tooLong(maximum: 1024))
    }

    @Test func countsCharactersNotBytes() {
        #expect(policy.problem(with: "ééééééééé", email: nil) == .tooShort(minimum: 10))
        #expect(policy.problem(with: "éééééééééé", email: nil) == nil)
    }

    @Test(arguments: ["qwertyuiop", "1234567890", "password1234", "Password123", "PASSWORD12", "iloveyou!!", "Welcome123!", "letmein2024", "Dragon2024!!", "monkey123456"])
    func refusesCommonPasswords(password: String) {
        #expect(policy.problem(with: password, email: nil) == .common)
    }

    @Test func refusesEmailName() {
        #expect(policy.problem(with: "sarah.jones-rocks", email: "Sarah.Jones@nhs.net") == .containsEmailName)
        #expect(policy.problem(with: "ILOVEBOBBYTABLES", email: "bobby@example.org") == .containsEmailName)
    }

    @Test func ignoresShortEmailNames() {
        #expect(policy.problem(with: "kettle-bob-bicycle", email: "bob@example.org") == nil)
        #expect(policy.problem(with: "kettle-bob-bicycle", email: "") == nil)
        #expect(policy.problem(with: "kettle-bob-bicycle", email: "@example.org") == nil)
    }

    @Test func reportsTheFirstProblem() {
        #expect(policy.problem(with: "password", email: "password@example.org") == .tooShort(minimum: 10))
        #expect(policy.problem(with: "password123", email: "password@example.org") == .common)
    }

    @Test func customLimits() {
        let strict = PasswordPolicy(minimumLength: 15, maximumLength: 20)
        #expect(strict.problem(with: "kettlemarmalade", email: nil) == nil)
        #expect(strict.problem(with: "kettlemarmal", email: nil) == .tooShort(minimum: 15))
        #expect(strict.problem(with: "kettlemarmaladebicycle", email: nil) == .tooLong(maximum: 20))
    }

    @Test func messagesAreActionable() {
        #expect(
            PasswordProblem.tooShort(minimum: 10).message
                == "Choose a longer password: at least 10 characters. Three random words work well.")
        #expect(PasswordProblem.tooLong(maximum: 1024).message.contains("1024"))
        #expect(PasswordProblem.common.message.contains("common"))
        #expect(PasswordProblem.containsEmailName.message.contains("email"))
    }
}
