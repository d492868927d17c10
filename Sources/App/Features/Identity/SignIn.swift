import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// The rules of signing in, kept apart from the pages: password, lockout, second factor, replay.
struct SignIn {
    let request: Request
    var db: any Database { request.db }
    var lockout: LockoutPolicy { request.application.appConfig.lockout }

    /// The outcome of one attempt, in words the page can show.
    enum Outcome {
        case passed(Person)
        case refused(String)
    }

    static let wrongPassword = "The email address or password is not right. Check them and try again."

    /// Checks a password, counting failures towards a lockout.
    func password(email: String, password: String, now: Date = Date()) async throws -> Outcome {
        let email = email.trimmingCharacters(in: .whitespaces).lowercased()
        guard let person = try await Person.query(on: db).filter(\.$email == email).first(),
            let hash = person.passwordHash
        else {
            try await request.passwords.verifyAgainstNothing(password)
            try await request.audit(.signInFailed, detail: "unknown account")
            return .refused(Self.wrongPassword)
        }
        let personID = try person.requireID()
        guard let failures = try await claim(person: personID, now: now) else {
            return .refused(try await lockedMessage(person: personID, now: now))
        }
        guard try await request.passwords.verify(password, against: hash) else {
            return .refused(try await recordFailure(of: person, failures: failures, action: .signInFailed, now: now) ?? Self.wrongPassword)
        }
        let request = request
        try await db.writeTransaction { tx in
            try await AttemptClaim.giveBackSignIn(person: personID, on: tx)
            try await request.audit(.signInPassword, recordType: "person", recordID: personID.uuidString, actorID: personID, within: tx)
        }
        return .passed(person)
    }

    /// Checks a code from the authenticator app, or a recovery code; a code is never accepted twice.
    func secondFactor(person: Person, code: String, now: Date = Date()) async throws -> Outcome {
        let personID = try person.requireID()
        guard let failures = try await claim(person: personID, now: now) else {
            return .refused(try await lockedMessage(person: personID, now: now))
        }
        let trimmed = code.trimmingCharacters(in: .whitespaces)
        if trimmed.contains(where: \.isLetter) {
            if try await pass(person, .recoveryCodeUsed, check: { tx in try await Self.useRecoveryCode(person: person, code: trimmed, now: now, on: tx) }) {
                return .passed(person)
            }
        } else if let sealed = person.totpSecret, let secret = (try? request.application.secretBox.open(sealed)).flatMap(Base32.decode) {
            let totp = TOTP(secret: secret)
            let last = person.totpLastCounter.map { UInt64($0) }
            if let counter = totp.acceptedCounter(for: trimmed, at: now, lastUsedCounter: last),
                try await pass(person, .secondFactorPassed, check: { tx in try await Self.claim(counter: counter, for: person, on: tx) })
            {
                return .passed(person)
            }
        }
        let message = "That code is not right, or it has been used already. Wait for the next code in your authenticator app and try again."
        return .refused(try await recordFailure(of: person, failures: failures, action: .secondFactorFailed, now: now) ?? message)
    }

    /// Runs `check`, which spends the code (a recovery code used, a time step claimed); if it passes, the failure count
    /// starts again and `action` goes to the audit trail, all in one transaction.
    private func pass(_ person: Person, _ action: AuditAction, check: @escaping @Sendable (any Database) async throws -> Bool) async throws -> Bool {
        let personID = try person.requireID()
        let request = request
        return try await db.writeTransaction { tx in
            guard try await check(tx) else { return false }
            try await AttemptClaim.clearSignIn(person: personID, on: tx)
            try await request.audit(action, recordType: "person", recordID: personID.uuidString, actorID: personID, within: tx)
            return true
        }
    }

    /// Moves the person's last-used time step forward only if no other request has used this step.
    private static func claim(counter: UInt64, for person: Person, on db: any Database) async throws -> Bool {
        guard let sql = db as? any SQLDatabase else { return false }
        let id = try person.requireID()
        let value = Int64(counter)
        let rows = try await sql.raw(
            """
            UPDATE people SET totp_last_counter = \(bind: value) \
            WHERE id = \(bind: id) AND (totp_last_counter IS NULL OR totp_last_counter < \(bind: value)) RETURNING id
            """
        ).all()
        if !rows.isEmpty { person.totpLastCounter = value }
        return !rows.isEmpty
    }

    private static func useRecoveryCode(person: Person, code: String, now: Date, on db: any Database) async throws -> Bool {
        let digest = SecretToken.digest(RecoveryCodes.normalise(code))
        guard let record = try await RecoveryCode.query(on: db)
            .filter(\.$person.$id == person.requireID()).filter(\.$codeDigest == digest).filter(\.$usedAt == nil).first()
        else { return false }
        record.usedAt = now
        try await record.save(on: db)
        return true
    }

    /// Claims this attempt on the person's failure counter before anything is checked; nil while they are locked out.
    private func claim(person id: UUID, now: Date) async throws -> Int? {
        switch try await AttemptClaim.signIn(person: id, policy: lockout, now: now, on: db) {
        case .claimed(let failures): return failures
        case .locked: return nil
        }
    }

    /// The lockout message for a person whose lock is in force, audited.
    private func lockedMessage(person id: UUID, now: Date) async throws -> String {
        try await request.audit(.signInLocked, recordType: "person", recordID: id.uuidString, actorID: id)
        let until = try await Person.find(id, on: db)?.lockedUntil ?? now.addingTimeInterval(lockout.firstLock)
        return lockout.message(lockedUntil: max(until, now), now: now)
    }

    /// Records a failed attempt (already counted by its claim); returns the lockout message when it locked the account.
    private func recordFailure(of person: Person, failures: Int, action: AuditAction, now: Date) async throws -> String? {
        let message = lockout.lockDuration(afterFailures: failures).map { lockout.message(lockedUntil: now.addingTimeInterval($0), now: now) }
        try await request.audit(
            action, recordType: "person", recordID: person.id?.uuidString,
            detail: "failure \(failures)\(message == nil ? "" : ", account locked")", actorID: person.id)
        return message
    }

    /// Starts a session after the password; the second factor is still to come.
    func startSession(for person: Person, now: Date = Date()) async throws -> (StaffSession, token: String) {
        let token = SecretToken.generate()
        let session = StaffSession(
            personID: try person.requireID(), tokenDigest: SecretToken.digest(token), now: now,
            sourceAddress: request.remoteAddress?.ipAddress)
        try await session.create(on: db)
        return (session, token)
    }

    /// Marks the second factor passed and gives the session a new token, so a token seen before sign-in is worthless.
    func completeSession(_ session: StaffSession, now: Date = Date()) async throws -> String {
        let token = SecretToken.generate()
        session.tokenDigest = SecretToken.digest(token)
        session.secondFactorAt = now
        session.lastSeenAt = now
        try await session.save(on: db)
        return token
    }
}
