import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Testing
import VaporTesting

@testable import App

/// Password hashing runs on a small pool of its own: a crowd signing in queues there, and the application's pool
/// (SQLite's reads and writes, file reads) and the cores stay free for every other page.
@Suite struct PasswordHashingPoolTests {
    @Test func hashingRunsOnAPoolOfItsOwnThatTakesFewAtOnce() async throws {
        try await withTestApp { app in
            // setup: twelve jobs, each holding its thread a moment so that any free thread would take the next
            let pool = app.passwords.threadPool
            let running = NIOLockedValueBox((now: 0, most: 0))
            // MUT
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<12 {
                    group.addTask {
                        try await pool.runIfActive {
                            running.withLockedValue { $0.now += 1; $0.most = max($0.most, $0.now) }
                            Thread.sleep(forTimeInterval: 0.15)
                            running.withLockedValue { $0.now -= 1 }
                        }
                    }
                }
                try await group.waitForAll()
            }
            // validate
            #expect(pool !== app.threadPool, "hashing shares the application's pool")
            #expect(running.withLockedValue { $0.most } <= app.appConfig.passwordHashThreads)
        }
    }

    @Test func aPasswordStillChecksOnTheOwnPool() async throws {
        try await withTestApp { app in
            // setup
            let hash = try await app.passwords.hash("correct horse battery staple")
            // MUT / validate
            #expect(try await app.passwords.verify("correct horse battery staple", against: hash))
            #expect(try await !app.passwords.verify("wrong", against: hash))
        }
    }
}
