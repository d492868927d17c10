import Domain
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// The red-flag screen through the real pages: who it is for, a few screens of questions worded for that person, the
/// advice at the right level, and a signed proof without which `/send` stores nothing.
@Suite struct RedFlagScreenTests {
    static let screen = SiteURL.requestScreen(ods: TestWorld.codeA).path
    static let send = SiteURL.requestSend(ods: TestWorld.codeA).path
    /// Tuesday 10 November 2026, 10:00 in London (GMT): practice A is open.
    static let tuesdayMorning = Date(timeIntervalSince1970: 1_794_304_800)

    /// The hidden fields of the page's form.
    static func hidden(_ page: String) -> [String: String] {
        let pattern = #/<input type="hidden" name="([A-Za-z\[\]]+)" value="([^"]*)"/>/#
        return Dictionary(page.matches(of: pattern).map { (String($0.1), String($0.2)) }, uniquingKeysWith: { $1 })
    }

    /// Answers `subject`, then each screen in turn: the flags in `ticks[step]`, or "None of these". Returns the first
    /// page that is not another screen of questions.
    static func walk(_ browser: inout TestBrowser, _ subject: RequestSubject, ticks: [Int: [RedFlag]] = [:]) async throws -> TestingHTTPResponse {
        var response = try await browser.post(screen, form: ["subject": subject.rawValue])
        var step = 0
        while response.status == .ok, response.body.string.contains("name=\"progress\"") {
            let fields = hidden(response.body.string)
            var pairs = fields.filter { $0.key != "csrf" }.map { ($0.key, $0.value) }
            if let flags = ticks[step], !flags.isEmpty { pairs += flags.map { ("flags[]", $0.rawValue) } } else { pairs.append(("none", "yes")) }
            response = try await browser.post(screen, pairs: pairs)
            step += 1
        }
        return response
    }

    @Test func aChildsEmergencyShowsTheAdviceAtOnceAndTheRequestArrivesFlaggedAtTheTop() async throws {
        try await withTestApp { app in
            let world = try await TestWorld.make(on: app)
            var parent = TestBrowser(app)
            // MUT: a parent, for a child struggling to breathe (first screen)
            let advice = try await Self.walk(&parent, .child, ticks: [0: [.severeBreathlessness]])
            // validate: 999 at once, before any other screen, and no request form on that page
            let page = advice.body.string
            #expect(page.contains("data-testid=\"urgent-advice\"") && page.contains("Call 999 now"))
            #expect(!page.contains("/send\""))
            // the parent still sends a request: the form is worded for the child, and carries the proof
            let form = try await parent.post(SiteURL.requestContinue(ods: TestWorld.codeA).path, form: Self.hidden(page).filter { $0.key != "csrf" })
            #expect(form.body.string.contains("About your child"))
            let fields = Self.hidden(form.body.string)
            var fill = PatientFormFill(screenedBy: app)
            fill.submission = try #require(fields["submission"])
            fill.fields["redFlags"] = fields["redFlags"]
            fill.fields["subject"] = fields["subject"]
            fill.fields["dobYear"] = "2019"
            fill.proofOverride = .some(fields["screenProof"])
            let sent = try await parent.postMultipart(Self.send) { fill.apply(&$0) }
            #expect(sent.status == .seeOther)
            let flagged = try #require(try await TriageRequest.query(on: app.db).filter(\.$submissionKey == fill.submission).first())
            #expect(flagged.subject == .child && flagged.redFlagSet == [.severeBreathlessness])
            #expect(flagged.screenVersion == app.redFlagSet.version && flagged.urgency == .today)
            var staff = TestBrowser(app)
            try await staff.signIn(world.managerA)
            let queue = try await staff.get("/consult").body.string
            let firstRow = try #require(queue.range(of: "<tbody>").map { String(queue[$0.upperBound...]) })
            #expect(firstRow.prefix(600).contains(flagged.reference) && firstRow.prefix(600).contains("Red flag"))
        }
    }

    @Test func anAnswerThatNeedsATodayReplyIsPromisedTheSameDay() async throws {
        try await withTestApp { app in
            _ = try await TestWorld.make(on: app)
            app.now = { Self.tuesdayMorning }
            var patient = TestBrowser(app)
            let screens = app.redFlagSet.screens(for: .adult).count
            // MUT: nothing for 999, then "much worse in the last day" on the last screen
            let advice = try await Self.walk(&patient, .me, ticks: [screens - 1: [.worseningFast]])
            #expect(advice.body.string.contains("Contact the practice or NHS 111 today"))
            let fields = Self.hidden(advice.body.string)
            var fill = PatientFormFill(screenedBy: app)
            fill.submission = try #require(fields["submission"])
            fill.fields["redFlags"] = fields["redFlags"]
            fill.proofOverride = .some(fields["screenProof"])
            let sent = try await patient.postMultipart(Self.send) { fill.apply(&$0) }
            // validate: reply by 18:30 that Tuesday, on the confirmation too
            let request = try #require(try await TriageRequest.query(on: app.db).filter(\.$submissionKey == fill.submission).first())
            #expect(request.urgency == .today)
            #expect(request.replyBy == Self.tuesdayMorning.addingTimeInterval(8.5 * 3600))
            // the mobile code page comes first; the confirmation is at the same address without "/mobile"
            let confirmation = try await patient.get(sent.location.replacingOccurrences(of: "/mobile?", with: "?")).body.string
            #expect(confirmation.contains("We will reply by 6:30pm on Tuesday 10 November 2026"))
        }
    }

    @Test func aClearScreenLeadsToTheFormWithARoutinePromise() async throws {
        try await withTestApp { app in
            _ = try await TestWorld.make(on: app)
            app.now = { Self.tuesdayMorning }
            var patient = TestBrowser(app)
            let form = try await Self.walk(&patient, .caredFor)
            #expect(form.body.string.contains("About the person you are asking for"))
            #expect(Self.hidden(form.body.string)["screenProof"]?.isEmpty == false)
        }
    }

    @Test(arguments: [false, true])
    func eachScreenWantsATickOrNoneButNotBoth(_ both: Bool) async throws {
        try await withTestApp { app in
            _ = try await TestWorld.make(on: app)
            var patient = TestBrowser(app)
            let first = try await patient.post(Self.screen, form: ["subject": "me"])
            var pairs = Self.hidden(first.body.string).filter { $0.key != "csrf" }.map { ($0.key, $0.value) }
            if both { pairs += [("flags[]", RedFlag.chestPain.rawValue), ("none", "yes")] }
            let response = try await patient.post(Self.screen, pairs: pairs)
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains(both ? "untick one of them" : "Tick any that apply"))
        }
    }

    @Test func aScreenCannotBeSkippedNorItsProofAltered() async throws {
        try await withTestApp { app in
            _ = try await TestWorld.make(on: app)
            var patient = TestBrowser(app)
            // jumping to the last screen without the server's progress
            let skipped = try await patient.post(
                Self.screen, pairs: [("subject", "me"), ("step", "3"), ("answered", ""), ("version", app.redFlagSet.version), ("none", "yes")])
            #expect(skipped.body.string.contains("start the questions again"))
            #expect(!skipped.body.string.contains("screenProof"))
            // a form with no proof, or with a flag taken out of what was signed, stores nothing
            var unproven = PatientFormFill(screenedBy: app)
            unproven.proofOverride = .some(nil)
            var altered = PatientFormFill(screenedBy: app)
            altered.fields["redFlags"] = RedFlag.chestPain.rawValue
            altered.proofOverride = .some(PatientFormFill(screenedBy: app).proof)
            for fill in [unproven, altered] {
                let response = try await patient.postMultipart(Self.send) { fill.apply(&$0) }
                #expect(response.status == .unprocessableEntity)
                #expect(response.body.string.contains("answer the safety questions first"))
            }
            #expect(try await TriageRequest.query(on: app.db).filter(\.$reference != "").count() == 1, "only the world's own request")
        }
    }

    @Test func aStoredFormSentAgainAfterItsProofWentStaleGetsItsConfirmation() async throws {
        try await withTestApp { app in
            _ = try await TestWorld.make(on: app)
            var patient = TestBrowser(app)
            let fill = PatientFormFill(screenedBy: app)
            let first = try await patient.postMultipart(Self.send) { fill.apply(&$0) }
            #expect(first.status == .seeOther)
            // seven hours later the same form (the answer to the first send was lost) comes again
            app.now = { Date().addingTimeInterval(7 * 3600) }
            let again = try await patient.postMultipart(Self.send) { fill.apply(&$0) }
            #expect(again.status == .seeOther && again.location == first.location)
            #expect(try await TriageRequest.query(on: app.db).filter(\.$submissionKey == fill.submission).count() == 1)
        }
    }
}
