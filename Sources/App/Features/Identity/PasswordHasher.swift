import Crypto
import Foundation
import Vapor

/// bcrypt over a SHA-256 of the password, so that long passphrases count in full (bcrypt reads 72 bytes). The work
/// runs on a small thread pool of its own (`PasswordHashingPool`), never on the application's, which the SQLite
/// driver and file reads use: a crowd signing in at 08:00 queues for that pool instead of starving every other page.
struct PasswordHasher: Sendable {
    let cost: Int
    let threadPool: NIOThreadPool

    private static func prepared(_ password: String) -> String {
        Data(SHA256.hash(data: Data(password.utf8))).base64EncodedString()
    }

    func hash(_ password: String) async throws -> String {
        let cost = cost
        return try await threadPool.runIfActive { try Bcrypt.hash(Self.prepared(password), cost: cost) }
    }

    func verify(_ password: String, against hash: String) async throws -> Bool {
        try await threadPool.runIfActive { try Bcrypt.verify(Self.prepared(password), created: hash) }
    }

    /// Spends the same time as a real check, so a wrong email cannot be told from a wrong password by timing.
    func verifyAgainstNothing(_ password: String) async throws {
        let cost = cost
        _ = try await threadPool.runIfActive { try Bcrypt.hash(Self.prepared(password), cost: cost) }
    }
}

/// The threads password hashing may use (`PASSWORD_HASH_THREADS`, by default half the cores, at least one), started
/// with the application and stopped after it.
struct PasswordHashingPool: LifecycleHandler {
    let pool: NIOThreadPool

    init(threads: Int) {
        pool = NIOThreadPool(numberOfThreads: threads)
        pool.start()
    }

    func shutdownAsync(_ application: Application) async {
        try? await pool.shutdownGracefully()
    }
}

extension Application {
    private struct HashingPoolKey: StorageKey { typealias Value = NIOThreadPool }

    /// The pool password hashing runs on (the application's own pool until `configure` gives it one).
    var passwordHashingPool: NIOThreadPool {
        get { storage[HashingPoolKey.self] ?? threadPool }
        set { storage[HashingPoolKey.self] = newValue }
    }

    /// The hasher every sign-in, invitation and command uses.
    var passwords: PasswordHasher { PasswordHasher(cost: appConfig.bcryptCost, threadPool: passwordHashingPool) }
}

extension Request {
    var passwords: PasswordHasher { application.passwords }
}
