import Domain
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// The patient's request: red flags first, one request per form, photos cleaned, bad input refused.
@Suite struct IntakeTests {
    static let send = "/request/\(TestWorld.codeA)/send"

    @Test func aRequestIsStoredOnceHoweverOftenItIsSent() async throws {
        try await withTestApp { app in
            // setup
            _ = try await TestWorld.make(on: app)
            let before = try await TriageRequest.query(on: app.db).count()
            let fill = PatientFormFill(screenedBy: app)
            // MUT: a double click, then a retry after a dropped connection, all at once
            let locations = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<5 {
                    group.addTask {
                        var browser = TestBrowser(app)
                        let response = try await browser.postMultipart(Self.send) { fill.apply(&$0) }
                        return response.location
                    }
                }
                return try await group.reduce(into: [String]()) { $0.append($1) }
            }
            // validate
            #expect(Set(locations).count == 1)
            #expect(locations.first?.contains("/sent/RQ-") == true)
            #expect(try await TriageRequest.query(on: app.db).count() == before + 1)
        }
    }

    @Test func photosAreKeptWithoutTheirLocation() async throws {
        try await withTestApp { app in
            _ = try await TestWorld.make(on: app)
            var fill = PatientFormFill(screenedBy: app)
            fill.photos = [("knee.jpg", "image/jpeg", TestImages.jpegWithLocation), ("rash.png", "image/png", TestImages.png)]
            var patient = TestBrowser(app)
            let response = try await patient.postMultipart(Self.send) { fill.apply(&$0) }
            #expect(response.status == .seeOther)
            let request = try #require(try await TriageRequest.query(on: app.db).filter(\.$submissionKey == fill.submission).first())
            let photos = try await RequestPhoto.query(on: app.db).filter(\.$request.$id == request.requireID()).all()
            #expect(photos.count == 2)
            for photo in photos {
                #expect(!String(decoding: photo.bytes, as: UTF8.self).contains("GPSLatitude"))
            }
            #expect(Set(photos.map(\.contentType)) == ["image/jpeg", "image/png"])
        }
    }

    /// One bad thing per row; each gets a clear message, a 4xx, and stores nothing.
    static let badInputs: [(String, @Sendable (inout PatientFormFill) -> Void, String)] = [
        ("invalid NHS number", { $0.fields["nhsNumber"] = "999 000 0019" }, "NHS number"),
        ("date of birth in the future", { $0.fields["dobYear"] = "2099" }, "in the past"),
        ("impossible date of birth", { $0.fields["dobDay"] = "31"; $0.fields["dobMonth"] = "2" }, "date of birth"),
        ("a text file named as a photo", { $0.photos = [("photo.jpg", "image/jpeg", Array("just some text, not a picture".utf8))] }, "photo.jpg"),
        ("a photo over 8 MB", { $0.photos = [("huge.png", "image/png", TestImages.png + Array(repeating: 0, count: 8 * 1024 * 1024))] }, "huge.png"),
        ("six photos", { $0.photos = Array(repeating: ("p.png", "image/png", TestImages.png), count: 6) }, "at most 5 photos"),
        ("megabytes of text", { $0.fields["description"] = String(repeating: "pain ", count: 400_000) }, "5000"),
        ("no description", { $0.fields["description"] = "   " }, "in your own words"),
        ("no name", { $0.fields["givenName"] = "" }, "first name"),
        ("no consent", { $0.fields["consent"] = nil }, "agree"),
        ("no contact route", { $0.fields["mobile"] = ""; $0.fields["email"] = "" }, "mobile"),
        ("no kind", { $0.fields["kind"] = nil }, "medical problem or an admin request"),
        ("an unknown red flag", { $0.fields["redFlags"] = "headache" }, "Start again"),
        ("no submission key", { $0.submission = "" }, "Start again"),
    ]

    @Test(arguments: 0..<badInputs.count)
    func aBadFormIsRefusedAndStoresNothing(_ index: Int) async throws {
        let (name, change, message) = Self.badInputs[index]
        try await withTestApp { app in
            _ = try await TestWorld.make(on: app)
            let before = try await TriageRequest.query(on: app.db).count()
            let photosBefore = try await RequestPhoto.query(on: app.db).count()
            var fill = PatientFormFill(screenedBy: app)
            change(&fill)
            var patient = TestBrowser(app)
            let response = try await patient.postMultipart(Self.send) { fill.apply(&$0) }
            #expect(response.status == .unprocessableEntity, "\(name): \(response.status.code)")
            #expect(response.body.string.lowercased().contains(message.lowercased()), "\(name) should mention “\(message)”")
            #expect(response.body.string.contains("role=\"alert\""), "\(name): the error summary is announced")
            #expect(try await TriageRequest.query(on: app.db).count() == before, "\(name) stored a request")
            #expect(try await RequestPhoto.query(on: app.db).count() == photosBefore)
        }
    }

    @Test func markupInEveryFieldIsShownAsText() async throws {
        try await withTestApp { app in
            let world = try await TestWorld.make(on: app)
            var fill = PatientFormFill(screenedBy: app)
            let markup = "<script>alert('x')</script><b>bold</b>"
            fill.fields["description"] = markup
            fill.fields["givenName"] = "<b>Pat</b>"
            fill.fields["familyName"] = "<i>Example</i>"
            fill.fields["bestTimes"] = markup
            var patient = TestBrowser(app)
            let response = try await patient.postMultipart(Self.send) { fill.apply(&$0) }
            if response.status == .unprocessableEntity {
                #expect(!response.body.string.contains("<script>alert"))
                return
            }
            #expect(response.status == .seeOther)
            let request = try #require(try await TriageRequest.query(on: app.db).filter(\.$submissionKey == fill.submission).first())
            var staff = TestBrowser(app)
            try await staff.signIn(world.managerA)
            for path in ["/consult", "/consult/requests/\(try request.requireID())"] {
                let page = try await staff.get(path).body.string
                #expect(!page.contains("<script>alert"), "\(path) shows markup raw")
                #expect(!page.contains("<b>Pat</b>"), "\(path) shows markup raw")
            }
        }
    }

    /// Saturday 7 November 2026, noon in London (GMT).
    static let saturdayNoon = Date(timeIntervalSince1970: 1_794_052_800)

    @Test func aClosedPracticeSaysSoHonestlyAndTakesNothing() async throws {
        try await withTestApp { app in
            let world = try await TestWorld.make(on: app)
            // setup: a Saturday; practice A does not take requests while closed
            app.now = { Self.saturdayNoon }
            let settings = try #require(try await ConsultSettings.query(on: app.db).filter(\.$organisationID == world.practiceA).first())
            settings.acceptWhenClosed = false
            try await settings.save(on: app.db)
            await app.practiceDirectory.forget(code: TestWorld.codeA)
            let before = try await TriageRequest.query(on: app.db).count()
            // MUT
            let start = try await app.testing().sendRequest(.GET, "/request/\(TestWorld.codeA)")
            var patient = TestBrowser(app)
            let sent = try await patient.postMultipart(Self.send) { PatientFormFill(screenedBy: app).apply(&$0) }
            // validate
            // the screen comes first even while closed; a clear screen says when it opens and where to go meanwhile
            #expect(start.body.string.contains("/screen\""))
            var screened = TestBrowser(app)
            let closedPage = try await RedFlagScreenTests.walk(&screened, .me)
            #expect(closedPage.body.string.contains("not taking online requests just now") && closedPage.body.string.contains("111"))
            #expect(!closedPage.body.string.contains("screenProof"))
            #expect(sent.status == .unprocessableEntity)
            #expect(sent.body.string.contains("111"))
            #expect(try await TriageRequest.query(on: app.db).count() == before)
        }
    }

    @Test func aClosedPracticeThatTakesRequestsSaysOneTrueThing() async throws {
        try await withTestApp { app in
            let world = try await TestWorld.make(on: app)
            // setup: a Saturday; practice A takes requests while closed
            app.now = { Self.saturdayNoon }
            let settings = try #require(try await ConsultSettings.query(on: app.db).filter(\.$organisationID == world.practiceA).first())
            settings.acceptWhenClosed = true
            try await settings.save(on: app.db)
            await app.practiceDirectory.forget(code: TestWorld.codeA)
            // MUT
            let start = try await app.testing().sendRequest(.GET, "/request/\(TestWorld.codeA)").body.string
            // validate: the page says the request may be sent, above the questions that let it be sent
            #expect(start.contains("You can still send a request"))
            #expect(!start.contains("not taking online requests"))
            #expect(start.contains("/screen\""))
            #expect(start.contains("111") && start.contains("999"))
        }
    }

    @Test func anUnknownPracticeSaysWhereToGetHelp() async throws {
        try await withTestApp { app in
            _ = try await TestWorld.make(on: app)
            let response = try await app.testing().sendRequest(.GET, "/request/Z99999")
            #expect(response.status == .notFound)
            #expect(response.body.string.contains("111"))
        }
    }
}
