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
        if let until = person.lockedUntil, until > now {
            try await request.audit(.signInLocked, recordType: "person", recordID: person.id?.uuidString, actorID: person.id)
            return .refused(lockout.message(lockedUntil: until, now: now))
        }
        guard try await request.passwords.verify(password, against: hash) else {
            return .refused(try await recordFailure(of: person, action: .signInFailed, now: now) ?? Self.wrongPassword)
        }
        try await request.audit(.signInPassword, recordType: "person", recordID: person.id?.uuidString, actorID: person.id)
        return .passed(person)
    }

    /// Checks a code from the authenticator app, or a recovery code; a code is never accepted twice.
    func secondFactor(person: Person, code: String, now: Date = Date()) async throws -> Outcome {
        if let until = person.lockedUntil, until > now {
            return .refused(lockout.message(lockedUntil: until, now: now))
        }
        let trimmed = code.trimmingCharacters(in: .whitespaces)
        if trimmed.contains(where: \.isLetter) {
            if try await useRecoveryCode(person: person, code: trimmed, now: now) {
                try await clearFailures(of: person)
                try await request.audit(.recoveryCodeUsed, recordType: "person", recordID: person.id?.uuidString, actorID: person.id)
                return .passed(person)
            }
        } else if let sealed = person.totpSecret, let secret = (try? request.application.secretBox.open(sealed)).flatMap(Base32.decode) {
            let totp = TOTP(secret: secret)
            let last = person.totpLastCounter.map { UInt64($0) }
            if let counter = totp.acceptedCounter(for: trimmed, at: now, lastUsedCounter: last),
                try await claim(counter: counter, for: person)
            {
                try await clearFailures(of: person)
                try await request.audit(.secondFactorPassed, recordType: "person", recordID: person.id?.uuidString, actorID: person.id)
                return .passed(person)
            }
        }
        let message = "That code is not right, or it has been used already. Wait for the next code in your authenticator app and try again."
        return .refused(try await recordFailure(of: person, action: .secondFactorFailed, now: now) ?? message)
    }

    /// Moves the person's last-used time step forward only if no other request has used this step.
    private func claim(counter: UInt64, for person: Person) async throws -> Bool {
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

    private func useRecoveryCode(person: Person, code: String, now: Date) async throws -> Bool {
        let digest = SecretToken.digest(RecoveryCodes.normalise(code))
        guard let record = try await RecoveryCode.query(on: db)
            .filter(\.$person.$id == person.requireID()).filter(\.$codeDigest == digest).filter(\.$usedAt == nil).first()
        else { return false }
        record.usedAt = now
        try await record.save(on: db)
        return true
    }

    /// Counts a failure; returns the lockout message when this failure locks the account.
    private func recordFailure(of person: Person, action: AuditAction, now: Date) async throws -> String? {
        person.failedAttempts += 1
        var message: String?
        if let duration = lockout.lockDuration(afterFailures: person.failedAttempts) {
            let until = now.addingTimeInterval(duration)
            person.lockedUntil = until
            message = lockout.message(lockedUntil: until, now: now)
        }
        try await person.save(on: db)
        try await request.audit(
            action, recordType: "person", recordID: person.id?.uuidString,
            detail: "failure \(person.failedAttempts)\(message == nil ? "" : ", account locked")", actorID: person.id)
        return message
    }

    private func clearFailures(of person: Person) async throws {
        guard person.failedAttempts != 0 || person.lockedUntil != nil else { return }
        person.failedAttempts = 0
        person.lockedUntil = nil
        try await person.save(on: db)
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
