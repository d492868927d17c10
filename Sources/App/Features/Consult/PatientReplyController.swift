import Domain
import Fluent
import Foundation
import Plot
import Vapor

/// A patient's reply through a link: date of birth first (3 wrong tries lock the link, counted before each is checked),
/// then a reply and photos.
enum PatientReplyController {
    static let unlockCookie = "sa_reply"

    struct VerifyForm: Content {
        var dobDay: String?
        var dobMonth: String?
        var dobYear: String?
    }

    struct ReplyForm: Content {
        var reply: String?
        var photos: [File]?
    }

    /// The link behind a token, refused plainly when unknown, expired, locked or used.
    static func link(_ req: Request) async throws -> (ReplyLink, String) {
        let token = try req.parameter(.replyToken)
        guard let link = try await ReplyLink.query(on: req.db).filter(\.$tokenDigest == SecretToken.digest(token)).with(\.$request).first() else {
            throw Abort(.notFound, reason: "This link is not right. Check you opened the whole link from the message, or call the practice. If you need help now, call NHS 111; in an emergency, call 999.")
        }
        if link.usedAt != nil {
            throw Abort(.gone, reason: "You have already replied through this link. The practice has your reply. If you need to add something, call the practice.")
        }
        if link.lockedAt != nil { throw Abort(.gone, reason: ReplyLinkState.locked.message ?? "This link is locked.") }
        if link.request.status == .closed {
            throw Abort(.gone, reason: "The practice has closed this request, so this link no longer takes replies. If you still need help, send a new request or call the practice. If you need help now, call NHS 111; in an emergency, call 999.")
        }
        let state = ReplyLinkPolicy.standard.state(issuedAt: link.createdAt, failures: link.failedAttempts, now: Date())
        if let message = state.message { throw Abort(.gone, reason: message) }
        return (link, token)
    }

    static func unlocked(_ link: ReplyLink, _ req: Request) -> Bool {
        guard let cookie = req.cookies[unlockCookie]?.string, let digest = link.unlockDigest, let until = link.unlockedUntil, until > Date() else { return false }
        return SecretToken.constantTimeEquals(SecretToken.digest(cookie), digest)
    }

    @Sendable static func show(req: Request) async throws -> Response {
        let (link, token) = try await link(req)
        if unlocked(link, req) { return try await replyPage(req, link: link, token: token, errors: []).encodeResponse(for: req) }
        return try await verifyPage(req, token: token, errors: []).encodeResponse(for: req)
    }

    @Sendable static func verify(req: Request) async throws -> Response {
        if let refused = await req.throttled(.replyCheck) { return refused }
        let (link, token) = try await link(req)
        let form = try req.content.decode(VerifyForm.self)
        let typed = TriageRequestForm(dobDay: form.dobDay, dobMonth: form.dobMonth, dobYear: form.dobYear).dateOfBirthText
        guard let typed = CalendarDay(typed) else {
            return .page(verifyPage(req, token: token, errors: [.init(field: "dobDay", message: "Enter your date of birth as day, month and year, like 27 3 1984")]), status: .unprocessableEntity)
        }
        let policy = ReplyLinkPolicy.standard
        let linkID = try link.requireID()
        guard case .claimed(let failures) = try await AttemptClaim.replyLink(linkID, policy: policy, now: Date(), on: req.db) else {
            throw Abort(.gone, reason: ReplyLinkState.locked.message ?? "This link is locked.")
        }
        guard typed == link.request.dateOfBirth else {
            let state = policy.afterWrongAttempt(previousFailures: failures - 1)
            return .page(verifyPage(req, token: token, errors: [.init(field: "dobDay", message: state.wrongAttemptMessage)]), status: .unprocessableEntity)
        }
        try await AttemptClaim.giveBackReplyLink(linkID, policy: policy, on: req.db)
        let secret = SecretToken.generate()
        link.unlockDigest = SecretToken.digest(secret)
        link.unlockedUntil = Date().addingTimeInterval(30 * 60)
        try await link.save(on: req.db)
        let response = req.redirect(to: SiteURL.reply(token: token).path, redirectType: .normal)
        response.cookies[unlockCookie] = HTTPCookies.Value(string: secret, maxAge: 1800, path: "/reply", isSecure: req.application.appConfig.secureCookies, isHTTPOnly: true, sameSite: .lax)
        return response
    }

    @Sendable static func send(req: Request) async throws -> Response {
        let (link, token) = try await link(req)
        guard unlocked(link, req) else { return req.redirect(to: SiteURL.reply(token: token).path, redirectType: .normal) }
        let form = try req.content.decode(ReplyForm.self)
        var errors: [FormError] = []
        var text = ""
        do { text = try FreeText.clean(form.reply ?? "", limit: TriageRequestIntake.descriptionLimit) } catch { errors.append(.init(field: "reply", message: error.message)) }
        if text.isEmpty && errors.isEmpty { errors.append(.init(field: "reply", message: "Write your reply to the practice")) }
        let photos = PatientPhotos.check(form.photos ?? [], errors: &errors)
        guard errors.isEmpty else {
            return .page(try await replyPage(req, link: link, token: token, errors: errors), status: .unprocessableEntity)
        }
        let request = link.request
        let replyText = text
        try await req.db.writeTransaction { tx in
            let message = PatientMessage()
            message.$request.id = try request.requireID()
            message.organisationID = request.handlerID
            message.direction = .inbound
            message.channel = .reply
            message.body = replyText
            message.status = PatientMessage.Status.received
            message.createdAt = Date()
            try await message.create(on: tx)
            for photo in photos {
                try await RequestPhoto(requestID: request.requireID(), format: photo.0, bytes: photo.1, source: "reply", at: Date()).create(on: tx)
            }
            link.usedAt = Date()
            try await link.save(on: tx)
            if request.status == .waitingForPatient {
                request.status = TriageStatus.inTriage
                try await request.save(on: tx)
            }
            try await req.audit(.patientReplied, recordType: "triage_request", recordID: request.reference, within: tx)
        }
        await TriageAccess.announce(request, on: req)
        return try await PatientReply.Sent.View(chrome: req.pageChrome).html.encodeResponse(for: req)
    }

    private static func verifyPage(_ req: Request, token: String, errors: [FormError]) -> HTML {
        PatientReply.Verify.View(model: .init(token: token, errors: errors), chrome: req.pageChrome).html
    }

    private static func replyPage(_ req: Request, link: ReplyLink, token: String, errors: [FormError]) async throws -> HTML {
        let model = try await PatientReply.Form.Model.load(link: link, token: token, errors: errors, on: req.db)
        return PatientReply.Form.View(model: model, chrome: req.pageChrome).html
    }
}

/// Photos from a patient: at most five, images by content, location and other metadata removed.
enum PatientPhotos {
    static func check(_ files: [File], errors: inout [FormError]) -> [(ImageFormat, [UInt8])] {
        let files = files.filter { $0.data.readableBytes > 0 || !$0.filename.isEmpty }
        if files.count > TriageRequestIntake.maximumPhotos { errors.append(.init(field: "photos", message: "Send at most \(TriageRequestIntake.maximumPhotos) photos")) }
        var photos: [(ImageFormat, [UInt8])] = []
        for file in files.prefix(TriageRequestIntake.maximumPhotos) {
            let bytes = Array(file.data.readableBytesView)
            do {
                let format = try PatientImage.inspect(bytes)
                photos.append((format, try PatientImage.removingMetadata(bytes, format: format)))
            } catch {
                errors.append(.init(field: "photos", message: "\(file.filename.isEmpty ? "A file" : file.filename): \(error.message)"))
            }
        }
        return photos
    }
}
