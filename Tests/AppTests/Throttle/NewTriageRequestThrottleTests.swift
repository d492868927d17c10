import Domain
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import App

/// Patient requests are throttled per client address and per mobile number and email address, never per practice:
/// a throttled request stores nothing, says when to try again, and keeps what the patient wrote.
@Suite struct NewTriageRequestThrottleTests {
    static let send = "/request/\(TestWorld.codeA)/send"

    /// The usual form with contact details of its own, so that only the address is shared.
    static func fill(_ app: Application, _ number: Int) -> PatientFormFill {
        var fill = PatientFormFill(screenedBy: app)
        fill.fields["mobile"] = String(format: "07700 900%03d", number)
        fill.fields["email"] = "patient\(number)@example.com"
        return fill
    }

    /// Sends the usual form with these contact details from `address`.
    static func send(_ app: Application, port: Int, from address: String, mobile: String, email: String) async throws -> HTTPResponseStatus {
        var fill = PatientFormFill(screenedBy: app)
        fill.fields["mobile"] = mobile
        fill.fields["email"] = email
        var browser = LiveBrowser(port: port, forwardedFor: address)
        return try await browser.postMultipart(Self.send) { fill.apply(&$0) }.status
    }

    @Test func oneAddressOverItsBurstWaitsAndStoresNothingWhileAnotherIsStillAccepted() async throws {
        let clock = TestClock()
        try await withLiveTestApp(clock: clock, throttle: { $0.requestsPerAddress = .init(capacity: 3, refillInterval: 600) }) {
            app, port in
            // setup: one address sends its burst of three
            _ = try await TestWorld.make(on: app)
            let before = try await TriageRequest.query(on: app.db).count()
            var flooder = LiveBrowser(port: port, forwardedFor: "203.0.113.7")
            for number in 1...3 {
                let sent = try await flooder.postMultipart(Self.send) { Self.fill(app, number).apply(&$0) }
                #expect(sent.status == .seeOther)
            }
            var fourth = Self.fill(app, 4)
            fourth.fields["description"] = "Marker: a rash on both arms since Monday."
            // MUT: a fourth from the same address, and one from another address
            let refused = try await flooder.postMultipart(Self.send) { fourth.apply(&$0) }
            var neighbour = LiveBrowser(port: port, forwardedFor: "198.51.100.20")
            let other = try await neighbour.postMultipart(Self.send) { Self.fill(app, 5).apply(&$0) }
            // validate: 429, when to try again in minutes and UK time, whom to call, what they wrote kept; nothing stored
            #expect(refused.status == .tooManyRequests)
            #expect(refused.headers.first(name: "Retry-After") == "600")
            #expect(refused.body.contains("Your request has not been sent"))
            #expect(refused.body.contains(RetryAdvice(retryAfterSeconds: 600, now: clock.now).sentence(now: clock.now)))
            #expect(refused.body.contains("Try again in 10 minutes, after "))
            #expect(refused.body.contains(ThrottleRefusal.patientHelp))
            #expect(refused.body.contains("Marker: a rash on both arms since Monday."))
            #expect(refused.body.contains("Send request"))
            #expect(try await TriageRequest.query(on: app.db).filter(\.$submissionKey == fourth.submission).count() == 0)
            #expect(other.status == .seeOther)
            #expect(try await TriageRequest.query(on: app.db).count() == before + 4)
            // ten minutes on, the first address may send its request
            clock.advance(by: 600)
            let later = try await flooder.postMultipart(Self.send) { fourth.apply(&$0) }
            #expect(later.status == .seeOther)
        }
    }

    @Test func anUntrustedPeerCannotDodgeTheThrottleWithXForwardedFor() async throws {
        // setup: the app trusts only proxies in 10.0.0.0/8, so the test's own connection (127.0.0.1) is not one
        try await withLiveTestApp(throttle: {
            $0.trustedProxies = try TrustedProxies(parsing: "10.0.0.0/8")
            $0.requestsPerAddress = .init(capacity: 2, refillInterval: 600)
        }) { app, port in
            _ = try await TestWorld.make(on: app)
            // MUT: each request claims another address
            var statuses: [HTTPResponseStatus] = []
            for number in 1...3 {
                var browser = LiveBrowser(port: port, forwardedFor: "203.0.113.\(number)")
                statuses.append(try await browser.postMultipart(Self.send) { Self.fill(app, number).apply(&$0) }.status)
            }
            // validate: the header was not believed; both stored requests carry the same client digest
            #expect(statuses == [.seeOther, .seeOther, .tooManyRequests])
            let digests = try await TriageRequest.query(on: app.db).filter(\.$clientDigest != nil).all().map(\.clientDigest)
            #expect(digests.count == 2)
            #expect(Set(digests).count == 1)
        }
    }

    @Test func oneMobileNumberOrEmailFromManyAddressesIsThrottled() async throws {
        try await withLiveTestApp(throttle: { $0.requestsPerContact = .init(capacity: 2, refillInterval: 600) }) { app, port in
            // setup
            _ = try await TestWorld.make(on: app)
            // MUT: one mobile number, written three ways, from three addresses; one email address, written two ways
            var byMobile: [HTTPResponseStatus] = []
            for (number, mobile) in ["07700 900123", "+447700900123", "07700900123"].enumerated() {
                byMobile.append(
                    try await Self.send(app, port: port, from: "203.0.113.\(number + 1)", mobile: mobile, email: "p\(number)@example.com"))
            }
            var byEmail: [HTTPResponseStatus] = []
            for (number, email) in ["Shared@Example.com", "shared@example.com", "shared@example.com"].enumerated() {
                byEmail.append(
                    try await Self.send(app, port: port, from: "203.0.113.\(number + 4)", mobile: "07700 90020\(number)", email: email))
            }
            // validate: the third of each waits; someone else at the third address does not
            #expect(byMobile == [.seeOther, .seeOther, .tooManyRequests])
            #expect(byEmail == [.seeOther, .seeOther, .tooManyRequests])
            #expect(try await Self.send(app, port: port, from: "203.0.113.3", mobile: "07700 900456", email: "other@example.com") == .seeOther)
        }
    }

    @Test func requestsConfirmedBeforeTheThrottleAllRemain() async throws {
        try await withLiveTestApp(throttle: { $0.requestsPerAddress = .init(capacity: 3, refillInterval: 600) }) { app, port in
            // setup
            let world = try await TestWorld.make(on: app)
            var flooder = LiveBrowser(port: port, forwardedFor: "203.0.113.7")
            let fills = (1...10).map { Self.fill(app, $0) }
            // MUT: ten requests from one address
            var confirmations: [String] = []
            var refusals = 0
            for fill in fills {
                let answer = try await flooder.postMultipart(Self.send) { fill.apply(&$0) }
                if answer.status == .seeOther {
                    confirmations.append(answer.location)
                } else if answer.status == .tooManyRequests {
                    refusals += 1
                }
            }
            // validate: three confirmed, seven refused, and every confirmation still holds
            #expect(confirmations.count == 3)
            #expect(refusals == 7)
            let references = confirmations.compactMap { $0.firstMatch(of: /RQ-[A-Z0-9]{6}/).map { String($0.output) } }
            for (location, reference) in zip(confirmations, references) {
                let page = try await flooder.get(location)
                #expect(page.status == .ok)
                #expect(page.body.contains(reference))
            }
            for fill in fills.prefix(3) {
                #expect(try await TriageRequest.query(on: app.db).filter(\.$submissionKey == fill.submission).count() == 1)
            }
            // a confirmed form sent again while its address waits is answered with its confirmation, not refused
            let again = try await flooder.postMultipart(Self.send) { fills[0].apply(&$0) }
            #expect(again.status == .seeOther)
            #expect(again.location == confirmations[0])
            // the practice sees every confirmed request
            var staff = TestBrowser(app)
            try await staff.signIn(world.managerA)
            let queue = try await staff.get("/consult").body.string
            #expect(references.count == 3)
            for reference in references { #expect(queue.contains(reference)) }
        }
    }
}
