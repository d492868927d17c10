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
    /// Whose failures count together: this client's (a keyed digest of its address).
    var client: String { request.clientDigest ?? "unknown" }

    /// The outcome of one attempt, in words the page can show.
    enum Outcome {
        case passed(Person)
        case refused(String)
    }

    /// The one answer to a wrong email, a wrong password and a locked account alike, so that the sign-in page tells
    /// nobody which addresses have accounts.
    static let wrongPassword =
        "The email address or password is not right, or the account is locked after too many tries. Check them and try "
        + "again; if it may be locked, wait a few minutes or ask your practice manager."

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
            try await request.passwords.verifyAgainstNothing(password)  // the same time as any other refusal
            _ = try await lockedMessage(person: personID, now: now)
            return .refused(Self.wrongPassword)
        }
        guard try await request.passwords.verify(password, against: hash) else {
            _ = try await recordFailure(of: person, failures: failures, action: .signInFailed, now: now)
            return .refused(Self.wrongPassword)
        }
        let request = request
        let client = client
        try await db.writeTransaction { tx in
            try await AttemptClaim.giveBackSignIn(person: personID, client: client, on: tx)
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
        let client = client
        return try await db.writeTransaction { tx in
            guard try await check(tx) else { return false }
            try await AttemptClaim.clearSignIn(person: personID, client: client, on: tx)
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
        switch try await AttemptClaim.signIn(person: id, client: client, policy: lockout, now: now, on: db) {
        case .claimed(let failures): return failures
        case .locked: return nil
        }
    }

    /// The lockout message for a person whose lock is in force, audited.
    private func lockedMessage(person id: UUID, now: Date) async throws -> String {
        try await request.audit(.signInLocked, recordType: "person", recordID: id.uuidString, actorID: id)
        let lock = try await SignInLock.query(on: db).filter(\.$personID == id).filter(\.$clientKey == client).first()
        let until = lock?.lockedUntil ?? now.addingTimeInterval(lockout.firstLock)
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

    /// Starts a session after the password; the second factor is still to come. A new form token goes with it.
    func startSession(for person: Person, now: Date = Date()) async throws -> (StaffSession, token: String, formToken: String) {
        let token = SecretToken.generate()
        let formToken = SecretToken.generate()
        let session = StaffSession(
            personID: try person.requireID(), tokenDigest: SecretToken.digest(token), now: now,
            sourceAddress: request.remoteAddress?.ipAddress)
        session.csrfDigest = SecretToken.digest(formToken)
        try await session.create(on: db)
        return (session, token, formToken)
    }

    /// Marks the second factor passed and gives the session a new token and form token, so that neither seen before
    /// sign-in is worth anything after it.
    func completeSession(_ session: StaffSession, now: Date = Date()) async throws -> (token: String, formToken: String) {
        let token = SecretToken.generate()
        let formToken = SecretToken.generate()
        session.tokenDigest = SecretToken.digest(token)
        session.csrfDigest = SecretToken.digest(formToken)
        session.secondFactorAt = now
        session.lastSeenAt = now
        try await session.save(on: db)
        return (token, formToken)
    }
}
