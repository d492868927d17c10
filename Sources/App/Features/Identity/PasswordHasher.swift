import Crypto
import Foundation
import Vapor

/// bcrypt over a SHA-256 of the password, so that long passphrases count in full (bcrypt reads 72 bytes);
/// the work runs on the thread pool, off the event loops.
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

extension Request {
    var passwords: PasswordHasher {
        PasswordHasher(cost: application.appConfig.bcryptCost, threadPool: application.threadPool)
    }
}
