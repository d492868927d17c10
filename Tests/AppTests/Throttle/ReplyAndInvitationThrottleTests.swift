import Domain
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import App

/// A patient's date-of-birth checks on reply links and invitation acceptance are throttled per client address.
@Suite struct ReplyAndInvitationThrottleTests {
    @Test func replyLinkChecksAreThrottledPerAddress() async throws {
        try await withLiveTestApp(throttle: { $0.replyChecksPerAddress = .init(capacity: 2, refillInterval: 300) }) { app, port in
            // setup: two wrong dates of birth from one address
            let world = try await TestWorld.make(on: app)
            let verify = "/reply/\(world.replyTokenA)/verify"
            var guesser = LiveBrowser(port: port, forwardedFor: "203.0.113.7")
            for _ in 1...2 {
                let answer = try await guesser.post(verify, form: ["dobDay": "1", "dobMonth": "1", "dobYear": "1971"])
                #expect(answer.status == .unprocessableEntity)
            }
            // MUT: a third from that address, even the right one
            let refused = try await guesser.post(verify, form: ["dobDay": "31", "dobMonth": "1", "dobYear": "1970"])
            // validate: refused before the check, so the link's count of wrong tries did not move
            #expect(refused.status == .tooManyRequests)
            #expect(refused.headers.first(name: "Retry-After") == "300")
            #expect(refused.body.contains("Try again in 5 minutes, after "))
            #expect(refused.body.contains(ThrottleRefusal.patientHelp))
            let link = try #require(try await ReplyLink.query(on: app.db).filter(\.$request.$id == world.requestA).first())
            #expect(link.failedAttempts == 2)
            #expect(link.lockedAt == nil)
            var patient = LiveBrowser(port: port, forwardedFor: "198.51.100.20")
            #expect(try await patient.post(verify, form: ["dobDay": "31", "dobMonth": "1", "dobYear": "1970"]).status == .seeOther)
        }
    }

    @Test func invitationAcceptanceIsThrottledPerAddress() async throws {
        try await withLiveTestApp(throttle: { $0.invitationsPerAddress = .init(capacity: 2, refillInterval: 300) }) { app, port in
            // setup: two tries with passwords that do not match
            let world = try await TestWorld.make(on: app)
            let accept = "/invitations/\(world.invitationTokenA)"
            let password = "lantern orchard pebble 42"
            var guesser = LiveBrowser(port: port, forwardedFor: "203.0.113.7")
            for _ in 1...2 {
                let answer = try await guesser.post(accept, form: ["password": password, "confirm": "something else entirely"])
                #expect(answer.status == .unprocessableEntity)
            }
            // MUT
            let refused = try await guesser.post(accept, form: ["password": password, "confirm": password])
            // validate: nothing accepted; the invitee elsewhere still can
            #expect(refused.status == .tooManyRequests)
            #expect(refused.headers.first(name: "Retry-After") == "300")
            #expect(refused.body.contains("Too many attempts"))
            #expect(try await Invitation.query(on: app.db).filter(\.$email == "ivy@a.test").first()?.acceptedAt == nil)
            var invitee = LiveBrowser(port: port, forwardedFor: "198.51.100.20")
            #expect(try await invitee.post(accept, form: ["password": password, "confirm": password]).status == .seeOther)
            #expect(try await Invitation.query(on: app.db).filter(\.$email == "ivy@a.test").first()?.acceptedAt != nil)
        }
    }
}
