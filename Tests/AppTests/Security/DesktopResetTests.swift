import Domain
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// A seat's reset comes only from the operator's pool file: no page sets it, no shell reads it, nothing of the server's
/// environment reaches it, and it cannot run for ever.
@Suite struct DesktopResetTests {
    static func marker() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("reset-marker-\(UUID().uuidString)").path
    }

    @Test func thePoolFormCannotNameAResetProgramOrAddress() async throws {
        try await withTestApp { app in
            // setup: the most trusted web user, sending what an attacker would
            let world = try await TestWorld.make(on: app)
            var admin = try await DesktopAdminTests.admin(app, world: world)
            let marker = Self.marker()
            defer { try? FileManager.default.removeItem(atPath: marker) }
            // MUT
            let created = try await admin.post(
                SiteURL.desktopPools.path,
                form: [
                    "name": "Form pool", "placement": "breadthFirst", "organisations": TestWorld.codeA, "disconnectedMinutes": "20",
                    "idleMinutes": "30", "resetCommand": "touch \(marker)", "resetURL": "http://127.0.0.1:9/steal",
                ])
            #expect(created.status == .seeOther)
            let pool = try #require(try await DesktopPool.query(on: app.db).filter(\.$name == "Form pool").first())
            let added = try await admin.post(
                SiteURL.desktopPoolHosts(id: try pool.requireID()).path,
                form: ["name": "form-host", "address": "127.0.0.1", "secret": "secret12", "seats": "127.0.0.1:5999"])
            #expect(added.status == .seeOther)
            let seat = try #require(try await DesktopSeat.query(on: app.db).filter(\.$poolID == pool.requireID()).first())
            try await DesktopSeatReset.run(seat: seat.requireID(), app: app)
            // validate
            #expect(pool.resetCommandJSON == nil)
            #expect(!FileManager.default.fileExists(atPath: marker), "a command typed into a page was run")
            let page = try await admin.get(SiteURL.desktopPools.path).body.string
            #expect(!page.contains("resetCommand") && !page.contains("resetURL"))
        }
    }

    @Test func theProgramGetsItsArgumentsAsTheyAreAndOnlyTheSeatInItsEnvironment() async throws {
        // setup
        let marker = Self.marker()
        defer { try? FileManager.default.removeItem(atPath: marker) }
        let environment = SeatResetCommand.environment(seatName: "s1", seatHost: "127.0.0.1", seatPort: 5901, hostName: "h1")
        // MUT
        let echoed = try await DesktopSeatReset.execute(
            SeatResetCommand(arguments: ["/bin/echo", "$(touch \(marker))", "a;b", "`id`"]), environment: environment)
        let env = try await DesktopSeatReset.execute(SeatResetCommand(arguments: ["/usr/bin/env"]), environment: environment)
        // validate
        #expect(echoed.status == 0)
        #expect(echoed.text == "$(touch \(marker)) a;b `id`\n")
        #expect(!FileManager.default.fileExists(atPath: marker), "an argument was read by a shell")
        let lines = Set(env.text.split(separator: "\n").map(String.init))
        #expect(lines == ["SEAT_NAME=s1", "SEAT_HOST=127.0.0.1", "SEAT_PORT=5901", "SEAT_HOST_NAME=h1"])
    }

    @Test func aPoolsResetRunsTheFilesProgramForTheSeat() async throws {
        try await withTestApp { app in
            // setup: the pool file names a program that records its environment
            let world = try await TestWorld.make(on: app)
            let marker = Self.marker()
            defer { try? FileManager.default.removeItem(atPath: marker) }
            let file = DesktopPoolFile(
                name: "Alpha desktops", organisations: [TestWorld.codeA],
                resetCommand: ["/usr/bin/touch", marker], resetTimeoutSeconds: 30,
                hosts: [
                    .init(
                        name: "alpha-host", address: "127.0.0.1", secret: TestWorld.desktopSecretA,
                        seats: [.init(name: "alpha-seat-1", host: "127.0.0.1", port: 1)])
                ])
            _ = try await file.apply(on: app.db, box: app.secretBox)
            // MUT
            try await DesktopSeatReset.run(seat: world.desktopSeatA, app: app)
            // validate
            #expect(FileManager.default.fileExists(atPath: marker))
            let pool = try #require(try await DesktopPool.find(world.desktopPoolA, on: app.db))
            #expect(try pool.reset == SeatResetCommand(arguments: ["/usr/bin/touch", marker], timeoutSeconds: 30))
        }
    }

    @Test func aProgramThatRunsTooLongIsStoppedAndTheResetFails() async throws {
        // setup
        let started = Date()
        // MUT / validate
        await #expect(throws: DesktopSeatReset.Failure.self) {
            _ = try await DesktopSeatReset.execute(SeatResetCommand(arguments: ["/bin/sleep", "60"], timeoutSeconds: 1), environment: [:])
        }
        #expect(Date().timeIntervalSince(started) < 50, "the program was waited for to its end")
    }

    @Test(arguments: [
        (#""resetCommand": "rm -rf /tmp/x""#, "no longer run by a shell"),
        (#""resetCommand": ["/bin/true"], "resetURL": "http://169.254.169.254/""#, "no longer calls addresses"),
        (#""resetCommand": ["reset-seat"]"#, "full path"),
        (#""resetCommand": []"#, "list the program"),
        (#""resetCommand": ["/bin/true"], "resetTimeoutSeconds": 0"#, "resetTimeoutSeconds: use 1 to 600"),
    ])
    func aPoolFileThatAsksForAShellOrAnAddressIsRefused(_ reset: String, _ problem: String) async throws {
        try await withTestApp { app in
            // setup
            _ = try await TestWorld.make(on: app)
            let json = """
                {"name": "Shell pool", "organisations": ["\(TestWorld.codeA)"], \(reset),
                 "hosts": [{"name": "h", "address": "127.0.0.1", "secret": "pw", "seats": [{"name": "s", "host": "127.0.0.1", "port": 5901}]}]}
                """
            let file = try JSONDecoder().decode(DesktopPoolFile.self, from: Data(json.utf8))
            // MUT
            let problems = file.problems()
            // validate
            #expect(problems.contains { $0.contains(problem) }, "\(problems)")
            await #expect(throws: DesktopError.self) { _ = try await file.apply(on: app.db, box: app.secretBox) }
            #expect(try await DesktopPool.query(on: app.db).filter(\.$name == "Shell pool").count() == 0)
        }
    }
}
