import Domain
import Foundation
import Testing

@Suite struct FHIRWriteBackTests {
    let start = consultUTC("2026-11-26T10:00:00Z")

    func makeBundle(nhs: NHSNumber?) -> FHIRBundle {
        let patient = FHIRWriteBack.PatientInput(
            givenName: "Jo", familyName: "Bloggs", dateOfBirth: CalendarDay("1980-04-28")!, nhsNumber: nhs,
            mobileE164: "+447700900123", email: nil)
        return FHIRWriteBack.bundle(
            patient: patient,
            encounter: .init(start: start, end: start + 900, summary: "Prescription issued"),
            answers: [("What is the problem?", "Sore throat for 5 days"), ("Have you had a temperature?", "Yes")],
            answeredAt: start - 3600,
            messages: [
                .init(route: .smsToPatient, text: "Can you send a photo?", sentAt: start + 60),
                .init(route: .replyFromPatient, text: "Photo attached", sentAt: start + 300),
                .init(route: .emailToPatient, text: "Prescription sent to your pharmacy", sentAt: start + 900),
            ],
            timestamp: start + 1000)
    }

    /// Every value under a "reference" key anywhere in the JSON.
    func references(in json: Any) -> [String] {
        if let object = json as? [String: Any] {
            return object.flatMap { key, value in key == "reference" ? [value as? String ?? "?"] : references(in: value) }
        }
        if let array = json as? [Any] { return array.flatMap { references(in: $0) } }
        return []
    }

    @Test func everyReferenceResolvesInsideTheBundle() throws {
        // setup
        let data = try makeBundle(nhs: try NHSNumber("9990000018")).encoded()
        // MUT
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        // validate
        let entries = try #require(json["entry"] as? [[String: Any]])
        let fullUrls = entries.compactMap { $0["fullUrl"] as? String }
        #expect(fullUrls.count == 6)
        #expect(Set(fullUrls).count == 6)
        #expect(fullUrls.allSatisfy { $0.hasPrefix("urn:uuid:") && UUID(uuidString: String($0.dropFirst(9))) != nil })
        let refs = references(in: json)
        #expect(refs.count >= 10)
        for reference in refs { #expect(fullUrls.contains(reference), "\(reference)") }
        #expect(json["resourceType"] as? String == "Bundle")
        #expect(json["type"] as? String == "collection")
        let types = entries.compactMap { ($0["resource"] as? [String: Any])?["resourceType"] as? String }
        #expect(types == ["Patient", "Encounter", "QuestionnaireResponse", "Communication", "Communication", "Communication"])
    }

    @Test func jsonHasTheUKCoreShape() throws {
        let text = String(decoding: try makeBundle(nhs: try NHSNumber("9990000018")).encoded(), as: UTF8.self)
        #expect(text.contains(#""system" : "https://fhir.nhs.uk/Id/nhs-number""#))
        #expect(text.contains(#""value" : "9990000018""#))
        #expect(text.contains("https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient"))
        #expect(text.contains(#""class" : {"#))
        #expect(text.contains(#""code" : "VR""#))
        #expect(text.contains(#""code" : "SMSWRIT""#) && text.contains(#""code" : "EMAILWRIT""#))
        #expect(text.contains(#""text" : "inbound""#))
        #expect(text.contains(#""birthDate" : "1980-04-28""#))
        #expect(text.contains(#""start" : "2026-11-26T10:00:00Z""#))
        #expect(text.contains(#""valueString" : "Sore throat for 5 days""#))
    }

    @Test func nhsNumberIdentifierOnlyWhenKnown() throws {
        let bundle = makeBundle(nhs: nil)
        guard case .patient(let patient) = bundle.entry[0].resource else {
            Issue.record("the first entry should be the patient")
            return
        }
        #expect(patient.identifier == nil)
        #expect(!String(decoding: try bundle.encoded(), as: UTF8.self).contains("nhs-number"))
    }

    @Test func encodesAndDecodes() throws {
        let bundle = makeBundle(nhs: try NHSNumber("9990000018"))
        let data = try bundle.encoded()
        #expect(try FHIRBundle.decode(data) == bundle)
        #expect(try bundle.encoded() == data)
    }

    @Test func noQuestionnaireWithoutAnswers() {
        let bundle = FHIRWriteBack.bundle(
            patient: .init(
                givenName: "A", familyName: "B", dateOfBirth: CalendarDay("2000-01-01")!, nhsNumber: nil, mobileE164: nil, email: nil),
            encounter: .init(start: start, end: start), answers: [], answeredAt: start, messages: [])
        #expect(bundle.entry.map(\.resource.resourceType) == ["Patient", "Encounter"])
    }
}

@Suite struct ClinicalSummaryTests {
    @Test func summarisesInUKTimeWithShortLines() {
        // setup: 27 March 2026 is GMT; 30 March is BST
        let long = String(repeating: "My throat has been sore and swollen for days ", count: 6) + String(repeating: "x", count: 130)
        // MUT
        let text = ClinicalSummary.text(
            reference: "SA-4F7K", receivedAt: consultUTC("2026-03-27T10:00:00Z"), redFlags: [.suicidalThoughts, .chestPain],
            kind: .admin, adminTopic: .fitNote, patientWords: long + "\nSecond paragraph.",
            messages: [
                .init(sentAt: consultUTC("2026-03-30T08:05:00Z"), author: "Patient", text: "Thanks\nsee you"),
                .init(sentAt: consultUTC("2026-03-27T10:05:00Z"), author: "Practice (SMS)", text: "Please call us."),
            ],
            outcome: .adviceGiven, outcomeNote: "Fit note issued for 2 weeks", closedBy: "Dr A Example",
            closedAt: consultUTC("2026-03-30T09:00:00Z"))
        // validate
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for line in lines { #expect(line.count <= 100, "\(line)") }
        #expect(lines.first == "Online request SA-4F7K (Surgery Anywhere)")
        #expect(text.contains("Received: 27/03/2026 10:00"))
        #expect(text.contains("Red flags: Chest pain; Thoughts of suicide or self-harm"))
        #expect(text.contains("Request type: Admin request: Fit note (sick note)"))
        #expect(text.contains("  27/03/2026 10:05 Practice (SMS): Please call us.\n  30/03/2026 09:05 Patient: Thanks / see you"))
        #expect(text.contains("Outcome: Advice given: Fit note issued for 2 weeks"))
        #expect(text.hasSuffix("Closed by: Dr A Example at 30/03/2026 10:00"))
        #expect(text.contains("  Second paragraph."))
        // Nothing of the patient's words is lost in wrapping.
        let words = lines.filter { $0.hasPrefix("  ") && !$0.contains("/2026") }.joined(separator: " ")
        #expect(words.split(separator: " ").joined(separator: " ").contains("days My throat"))
        #expect(words.filter { $0 == "x" }.count == 130)
    }

    @Test func mentionsThePhotosItLeavesOut() {
        func summary(photos: Int) -> String {
            ClinicalSummary.text(
                reference: "SA-4F7K", receivedAt: consultUTC("2026-03-27T10:00:00Z"), redFlags: [], kind: .medical, adminTopic: nil,
                patientWords: "A rash.", messages: [], outcome: .adviceGiven, outcomeNote: nil, closedBy: nil, closedAt: nil,
                photos: photos)
        }
        #expect(summary(photos: 2).contains("Photos: 2 sent by the patient, not included here"))
        #expect(!summary(photos: 0).contains("Photos:"))
    }

    @Test func wrapsAtSpaces() {
        #expect(ClinicalSummary.wrap("aaa bbb ccc ddd", width: 11) == ["aaa bbb ccc", "ddd"])
        #expect(ClinicalSummary.wrap("aaa bbb ccc ddd", width: 12, continuation: "  ") == ["aaa bbb ccc", "  ddd"])
        #expect(ClinicalSummary.wrap(String(repeating: "y", count: 25), width: 10) == ["yyyyyyyyyy", "yyyyyyyyyy", "yyyyy"])
        #expect(ClinicalSummary.wrap("", width: 20) == [""])
        #expect(
            ClinicalSummary.text(
                reference: "R", receivedAt: consultUTC("2026-11-26T10:00:00Z"), redFlags: [], kind: .medical, adminTopic: nil,
                patientWords: "Cough", messages: [], outcome: nil, outcomeNote: nil, closedBy: nil, closedAt: nil
            )
            .contains("Red flags: none\nRequest type: Medical problem\nPatient's words:\n  Cough\nOutcome: not recorded"))
    }
}
