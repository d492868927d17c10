import Domain
import Foundation
import Testing

/// Postcodes, sex as the NHS asks it, the mobile number's code, and the demo patient directory.
@Suite struct PatientIdentityTests {
    @Test func postcodesAreCheckedAndWrittenTheRoyalMailWay() {
        // MUT, validate
        let good = ["sw1a1aa": "SW1A 1AA", " SW1A  1AA ": "SW1A 1AA", "m11ae": "M1 1AE", "b338th": "B33 8TH", "cr2 6xh": "CR2 6XH",
                    "dn551pt": "DN55 1PT", "W1A 0AX": "W1A 0AX", "EC1A 1BB": "EC1A 1BB", "gir0aa": "GIR 0AA", "ls1-4ap": "LS1 4AP"]
        for (typed, written) in good { #expect(Postcode(typed)?.text == written, "\(typed)") }
        for typed in ["", "SW1A", "SW1A 1AAA", "1SW 1AA", "QA1 1AA", "SW1A 1CA", "AB1 AAA", "SW1A 1A!", "ZZZZ 1AA", "LS1 4ÄP"] {
            #expect(Postcode(typed) == nil, "\(typed)")
        }
    }

    @Test func sexMapsToTheFHIRAdministrativeGenderCodes() {
        #expect(PatientSex.allCases.map(\.fhirGender) == ["female", "male", "other", "unknown"])
        #expect(PatientSex.notSaid.displayName == "Prefer not to say")
        var input = PatientDetailsInput(
            givenName: "Jo", familyName: "Bloggs", dateOfBirth: "1980-04-28", postcode: "LS1 4AP", sex: "maybe", email: "jo@example.com",
            contactPreference: "email", consent: "yes")
        guard case .failure(let problems) = input.validate(today: CalendarDay("2026-11-26")!) else { Issue.record("accepted"); return }
        #expect(problems.fields == [.sex])
        input.sex = "not-said"
        #expect((try? input.validate(today: CalendarDay("2026-11-26")!).get())?.sex == .notSaid)
    }

    @Test func aMobileCodeIsSixDigitsLastsTenMinutesAndAllowsFiveTries() {
        // setup
        let policy = MobileCheckPolicy.standard
        let sent = Date(timeIntervalSince1970: 1_800_000_000)
        // MUT, validate
        for _ in 0..<50 { #expect(MobileCheckPolicy.typedCode(MobileCheckPolicy.newCode()) != nil) }
        #expect(MobileCheckPolicy.typedCode(" 042 917 ") == "042917")
        #expect(MobileCheckPolicy.typedCode("42917") == nil && MobileCheckPolicy.typedCode("04291a") == nil)
        #expect(policy.state(sentAt: sent, failures: 0, now: sent.addingTimeInterval(599)) == .open(attemptsLeft: 5))
        #expect(policy.state(sentAt: sent, failures: 0, now: sent.addingTimeInterval(600)) == .expired)
        #expect(policy.state(sentAt: sent, failures: 4, now: sent) == .open(attemptsLeft: 1))
        #expect(policy.state(sentAt: sent, failures: 5, now: sent) == .locked)
        #expect(policy.mayResend(codesSent: 2) && !policy.mayResend(codesSent: 3))
    }

    @Test func theDemoDirectoryMatchesByNameAndBirthAndSaysWhatDiffers() async throws {
        // setup
        let known = DirectoryPatient(
            nhsNumber: try NHSNumber("9990000018"), givenName: "Bilal", familyName: "Rahman", dateOfBirth: CalendarDay("1990-07-02")!,
            postcode: Postcode("LS6 2QX"), sex: .male)
        let directory = DemoPatientDirectory(patients: [known])
        var query = DirectoryQuery(
            givenName: "bilal", familyName: "RAHMAN", dateOfBirth: CalendarDay("1990-07-02")!, nhsNumber: nil, postcode: Postcode("LS6 2QX"),
            sex: .male)
        // MUT, validate
        #expect(try await directory.search(query) == .matched(known, differences: []))
        query.postcode = Postcode("LS1 4AP")
        #expect(try await directory.search(query) == .matched(known, differences: ["postcode"]))
        query.dateOfBirth = CalendarDay("1990-07-03")!
        #expect(try await directory.search(query) == .noMatch)
    }
}

/// Postcode and sex reach the record: the FHIR Patient and the plain-text summary.
@Suite struct PatientIdentityWriteBackTests {
    @Test func theFHIRPatientCarriesPostcodeAndGender() throws {
        // setup
        let patient = FHIRWriteBack.PatientInput(
            givenName: "Jo", familyName: "Bloggs", dateOfBirth: CalendarDay("1980-04-28")!, nhsNumber: nil, mobileE164: nil, email: nil,
            postcode: Postcode("ls1 4ap"), sex: .notSaid)
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        // MUT
        let bundle = FHIRWriteBack.bundle(
            patient: patient, encounter: .init(start: start, end: start + 60), answers: [], answeredAt: start, messages: [])
        // validate
        let json = try #require(try JSONSerialization.jsonObject(with: bundle.encoded()) as? [String: Any])
        let entries = try #require(json["entry"] as? [[String: Any]])
        let resource = try #require(entries.first?["resource"] as? [String: Any])
        #expect(resource["gender"] as? String == "unknown")
        let address = try #require((resource["address"] as? [[String: Any]])?.first)
        #expect(address["postalCode"] as? String == "LS1 4AP")
    }

    @Test func theSummarySaysWhoThePatientIsAndWhetherConfirmed() {
        // setup
        let received = Date(timeIntervalSince1970: 1_800_000_000)
        func summary(_ identity: ClinicalSummary.Identity) -> String {
            ClinicalSummary.text(
                reference: "RQ-ABC234", receivedAt: received, redFlags: [], kind: .medical, adminTopic: nil, patientWords: "Cough",
                messages: [], outcome: nil, outcomeNote: nil, closedBy: nil, closedAt: nil, identity: identity)
        }
        // MUT
        let unconfirmed = summary(.init(sex: .female, postcode: Postcode("LS1 4AP"), confirmedBy: nil, confirmedAt: nil))
        let confirmed = summary(.init(sex: .male, postcode: nil, confirmedBy: "Dan Evans", confirmedAt: received))
        // validate
        #expect(unconfirmed.contains("Patient gave: sex female, postcode LS1 4AP"))
        #expect(unconfirmed.contains("Identity: not verified against the record"))
        #expect(confirmed.contains("Identity: confirmed against the record by Dan Evans at "))
    }
}
