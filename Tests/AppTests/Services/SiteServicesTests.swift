import Foundation
import Logging
import Testing

@testable import App

/// The lifecycle every background service shares: started in order, stopped last first, errors logged, a service that
/// throws restarted, one that will not stop reported.
@Suite struct SiteServicesTests {
    /// Waits to be cancelled, then notes that it stopped; notes its `finish` too.
    struct PatientService: SiteService {
        let name: String
        let log: TestLog<String>

        func run() async {
            await Task.sleepUntilCancelled()
            await log.add("\(name) stopped")
        }

        func finish() async { await log.add("\(name) finished") }
    }

    /// Ignores cancellation: it stops only when the test opens its gate.
    struct StubbornService: SiteService {
        let name = "stubborn"
        let gate: TestGate

        func run() async { await gate.wait() }
    }

    /// Throws on its first run; on later runs waits to be cancelled.
    struct FailingOnceService: SiteService {
        struct Broke: Error {}
        let name = "fails once"
        let runs: TestLog<Int>

        func run() async throws {
            await runs.add(await runs.entries.count + 1)
            if await runs.entries.count == 1 { throw Broke() }
            await Task.sleepUntilCancelled()
        }
    }

    let logger = Logger(label: "site-services-tests")

    @Test func servicesStopInReverseOrderEachAwaitedBeforeTheNext() async throws {
        // setup
        let services = SiteServices()
        let log = TestLog<String>()
        for name in ["bus", "checkpoints", "sweeper"] { services.start(PatientService(name: name, log: log), logger: logger) }
        #expect(services.running == ["bus", "checkpoints", "sweeper"])
        // MUT
        await services.stop(logger: logger)
        // validate
        #expect(services.running.isEmpty)
        #expect(
            await log.entries == [
                "sweeper stopped", "sweeper finished", "checkpoints stopped", "checkpoints finished", "bus stopped", "bus finished",
            ])
    }

    @Test func aServiceThatIgnoresCancellationIsReportedStillRunning() async throws {
        // setup
        let services = SiteServices(stopLimit: .milliseconds(200))
        let gate = TestGate()
        let log = TestLog<String>()
        services.start(StubbornService(gate: gate), logger: logger)
        services.start(PatientService(name: "sweeper", log: log), logger: logger)
        // MUT
        await services.stop(logger: logger)
        // validate: shutdown went on without it, and says so
        #expect(services.running == ["stubborn"])
        #expect(await log.entries == ["sweeper stopped", "sweeper finished"])
        await gate.open()
        try await waitUntil { services.running.isEmpty }
    }

    @Test func aServiceThatThrowsIsRestarted() async throws {
        // setup
        let services = SiteServices()
        let runs = TestLog<Int>()
        // MUT
        services.start(FailingOnceService(runs: runs), logger: logger)
        // validate: run again after a pause of a second
        try await waitUntil { await runs.entries == [1, 2] }
        #expect(services.running == ["fails once"])
        await services.stop(logger: logger)
        #expect(services.running.isEmpty)
        #expect(await runs.entries == [1, 2])
    }
}
