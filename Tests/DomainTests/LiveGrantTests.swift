import Domain
import Foundation
import Testing

/// Which live connections an ending closes: a sign-out its own sign-in's, sign out everywhere all of the person's, an
/// engagement's end only what depended on it, a consultation's end every socket of it.
@Suite struct LiveGrantTests {
    let person = UUID()
    let other = UUID()
    let session = UUID()
    let otherSession = UUID()
    let practice = UUID()
    let hub = UUID()
    let pool = UUID()
    let otherPool = UUID()
    let consultation = UUID()

    var queue: LiveGrant { LiveGrant(kind: .queueStream, person: person, session: session, organisation: practice) }
    var queueAtHub: LiveGrant { LiveGrant(kind: .queueStream, person: person, session: otherSession, organisation: hub) }
    var viewer: LiveGrant { LiveGrant(kind: .desktopViewer, person: person, session: session, pool: pool) }
    var status: LiveGrant { LiveGrant(kind: .desktopStatus, person: person, session: otherSession, pool: otherPool) }
    var clinician: LiveGrant {
        LiveGrant(kind: .videoSignal, person: person, session: session, organisation: practice, consultation: consultation)
    }
    var patient: LiveGrant { LiveGrant(kind: .videoSignal, consultation: consultation) }
    var all: [LiveGrant] { [queue, queueAtHub, viewer, status, clinician, patient] }

    @Test func aSignOutClosesOnlyThatSignInsConnections() {
        // MUT
        let closed = all.filter { LiveEnding.signedOut(session: session).closes($0) }
        // validate
        #expect(closed == [queue, viewer, clinician])
    }

    @Test func signingOutEverywhereClosesEveryConnectionOfThePersonAndNoPatients() {
        // MUT
        let closed = all.filter { LiveEnding.signedOutEverywhere(person: person).closes($0) }
        // validate
        #expect(closed == [queue, queueAtHub, viewer, status, clinician])
        #expect(!all.contains { LiveEnding.signedOutEverywhere(person: other).closes($0) })
    }

    @Test func anEngagementsEndClosesWhatDependedOnIt() {
        // setup: nothing left at the practice; the hub engagement still opens `otherPool`
        let ending = LiveEnding.engagementEnded(person: person, organisation: practice, stillPermitted: [], poolsStillOpen: [otherPool])
        // MUT
        let closed = all.filter { ending.closes($0) }
        // validate: the practice's queue, the pool no longer open and the practice's consultation; not the hub's queue
        #expect(closed == [queue, viewer, clinician])
    }

    @Test func anEngagementsEndLeavesWhatAnotherRoleThereStillAllows() {
        // setup: a second engagement at the practice still allows triage, video and the pool
        let ending = LiveEnding.engagementEnded(
            person: person, organisation: practice, stillPermitted: [.triageRequests, .consultByVideo],
            poolsStillOpen: [pool, otherPool])
        // MUT / validate
        #expect(!all.contains { ending.closes($0) })
        let another = LiveEnding.engagementEnded(person: other, organisation: practice, stillPermitted: [], poolsStillOpen: [])
        #expect(!all.contains { another.closes($0) })
    }

    @Test func aConsultationsEndClosesEverySocketOfIt() {
        // MUT
        let ending = LiveEnding.consultationEnded(consultation: consultation, switchedToPhone: false)
        // validate
        #expect(all.filter { ending.closes($0) } == [clinician, patient])
        #expect(!LiveEnding.consultationEnded(consultation: UUID(), switchedToPhone: true).closes(patient))
    }

    @Test func anEndingCrossesInstancesIntact() throws {
        // setup
        let endings: [LiveEnding] = [
            .signedOut(session: session), .signedOutEverywhere(person: person),
            .engagementEnded(person: person, organisation: practice, stillPermitted: [.openDesktop], poolsStillOpen: [pool]),
            .consultationEnded(consultation: consultation, switchedToPhone: true),
        ]
        // MUT
        let decoded = try endings.map { try JSONDecoder().decode(LiveEnding.self, from: JSONEncoder().encode($0)) }
        // validate
        #expect(decoded == endings)
    }
}
