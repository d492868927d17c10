import Domain
import Foundation
import Testing

@Suite struct PatientDetailsTests {
    let today = CalendarDay("2026-11-26")!

    var good: PatientDetailsInput {
        PatientDetailsInput(
            givenName: "  Siobhán ", familyName: "O'Neill-Smith", dateOfBirth: "1980-04-28", nhsNumber: "999 000 0018",
            postcode: " sw1a1aa ", sex: "female", mobile: "07700 900123", email: " jo@example.co.uk ", contactPreference: "sms", bestTimes: "Mornings\r\nnot Fridays\u{7}",
            consent: "yes")
    }

    func problems(_ input: PatientDetailsInput) -> PatientDetailsProblems? {
        if case .failure(let problems) = input.validate(today: today) { return problems }
        return nil
    }

    @Test func acceptsAndNormalises() throws {
        // MUT
        let details = try good.validate(today: today).get()
        // validate
        #expect(details.givenName == "Siobhán")
        #expect(details.familyName == "O'Neill-Smith")
        #expect(details.dateOfBirth.iso == "1980-04-28")
        #expect(details.nhsNumber?.digits == "9990000018")
        #expect(details.mobileE164 == "+447700900123")
        #expect(details.email == "jo@example.co.uk")
        #expect(details.contactPreference == .sms)
        #expect(details.bestTimes == "Mornings\nnot Fridays")
        #expect(details.postcode.text == "SW1A 1AA")
        #expect(details.sex == .female)
    }

    @Test func optionalFieldsMayBeBlank() throws {
        var input = good
        input.nhsNumber = "  "
        input.bestTimes = nil
        input.email = ""
        let details = try input.validate(today: today).get()
        #expect(details.nhsNumber == nil && details.bestTimes == nil && details.email == nil)
    }

    @Test func readsUKMobileForms() throws {
        for typed in ["07700900123", "+44 7700 900123", "+44 (0)7700 900123", "0044 7700-900123", "447700900123"] {
            var input = good
            input.mobile = typed
            #expect(try input.validate(today: today).get().mobileE164 == "+447700900123", "\(typed)")
        }
        for typed in ["020 7946 0000", "0770090012", "+33 6 12 34 56 78", "077009001234", "07700 9001x3"] {
            var input = good
            input.mobile = typed
            #expect(problems(input)?.fields == [.mobile], "\(typed)")
        }
    }

    @Test func reportsEveryProblemAtOnce() throws {
        // setup
        let input = PatientDetailsInput(
            givenName: " ", familyName: String(repeating: "x", count: 101), dateOfBirth: "2026-02-30", nhsNumber: "999 000 0019",
            mobile: nil, email: "jo@", contactPreference: "sms", bestTimes: String(repeating: "a", count: 501), consent: nil)
        // MUT
        let found = try #require(problems(input))
        // validate
        #expect(
            found.problems.map(\.field) == [.givenName, .familyName, .dateOfBirth, .nhsNumber, .postcode, .sex, .email, .mobile, .bestTimes, .consent])
        #expect(found.message(for: .givenName) == "Enter your first name.")
        #expect(found.message(for: .mobile)?.contains("text you") == true)
        #expect(found.message(for: .bestTimes)?.contains("500") == true)
        #expect(found.message(for: .contactPreference) == nil)
    }

    @Test func datesOfBirthMustBeRealAndPlausible() {
        func dobProblem(_ text: String) -> String? {
            var input = good
            input.dateOfBirth = text
            return problems(input)?.message(for: .dateOfBirth)
        }
        #expect(dobProblem("28/04/1980") == nil)
        #expect(dobProblem("2026-11-26") == nil)
        #expect(dobProblem("1896-11-26") == nil)
        #expect(dobProblem("2026-11-27")?.contains("past") == true)
        #expect(dobProblem("1896-11-25")?.contains("130 years") == true)
        #expect(dobProblem("31/02/1980")?.contains("real date") == true)
        #expect(dobProblem("04/28/1980")?.contains("real date") == true)
        #expect(dobProblem("")?.contains("Enter your date of birth") == true)
    }

    @Test func contactRouteMustMatchThePreference() {
        var input = good
        input.contactPreference = "email"
        input.email = nil
        #expect(problems(input)?.fields == [.email])
        input.contactPreference = "phone"
        input.mobile = nil
        input.email = "jo@example.com"
        #expect(problems(input)?.message(for: .mobile)?.contains("call you") == true)
        input.contactPreference = "pigeon"
        #expect(problems(input)?.fields == [.contactPreference])
        input.contactPreference = "EMAIL"
        #expect(problems(input) == nil)
    }

    @Test func namesRefuseControlCharacters() {
        var input = good
        input.familyName = "Smith\u{0}"
        #expect(problems(input)?.fields == [.familyName])
    }

    @Test func emailShapes() {
        for bad in ["jo", "jo@example", "jo@@example.com", "jo @example.com", "@example.com", "jo@.example.com", "jo@example.c0m"] {
            var input = good
            input.email = bad
            #expect(problems(input)?.fields == [.email], "\(bad)")
        }
    }

    @Test func freeTextIsCleanedAndLimited() throws {
        #expect(try FreeText.clean("  line one\r\nline\ttwo\u{1B}[31m\u{0}\n\n  ", limit: 100) == "line one\nline\ttwo[31m")
        #expect(try FreeText.clean(String(repeating: "é", count: 10), limit: 10).count == 10)
        #expect(throws: FreeTextProblem.tooLong(limit: 10, count: 11)) { try FreeText.clean(String(repeating: "a", count: 11), limit: 10) }
        #expect(FreeTextProblem.tooLong(limit: 1000, count: 1200).message.contains("1000"))
    }
}
