import Domain
import Fluent
import Foundation
import Vapor

/// Reply links: long random tokens stored hashed, one request each, 7 days, date of birth checked.
enum ReplyLinks {
    static func issue(for request: TriageRequest, on db: any Database, baseURL: String, now: Date = Date()) async throws -> String {
        let token = SecretToken.generate()
        let link = ReplyLink()
        link.$request.id = try request.requireID()
        link.tokenDigest = SecretToken.digest(token)
        link.createdAt = now
        link.expiresAt = ReplyLinkPolicy.standard.expiresAt(issuedAt: now)
        link.failedAttempts = 0
        try await link.create(on: db)
        return baseURL + SiteURL.reply(token: token).path
    }

    /// The text with every reply or video link replaced by "[reply link]" or "[video link]": a token is never kept where the record or a log could show it.
    static func redact(_ text: String) -> String {
        text.replacingOccurrences(of: #"\S*/reply/[A-Za-z0-9_-]+"#, with: "[reply link]", options: .regularExpression)
            .replacingOccurrences(of: #"\S*/video/[A-Za-z0-9_-]+"#, with: "[video link]", options: .regularExpression)
    }
}
