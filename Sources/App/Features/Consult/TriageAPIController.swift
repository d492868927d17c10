import Domain
import Fluent
import Foundation
import Vapor

/// Requests through the JSON API, for the organisation owning the token. Every read is audited.
enum TriageAPIController {
    struct RequestBody: Content {
        var id: UUID
        var reference: String
        var status: String
        var urgency: String
        var kind: String
        var adminTopic: String?
        var redFlags: [String]
        /// Who the request is for (me, child, caredFor), as the patient answered before the red-flag screen.
        var subject: String
        /// patient, proxy (a parent or carer) or staffOnBehalf.
        var channel: String
        /// The version of `config/red-flags.json` the patient was screened with.
        var screenVersion: String?
        var receivedAt: Date
        var receivedWhileClosed: Bool
        var replyBy: Date
        var description: String
        var patient: Patient
        var outcome: String?
        var outcomeNote: String?

        struct Patient: Content {
            var givenName: String
            var familyName: String
            var dateOfBirth: CalendarDay
            var nhsNumber: String?
            var postcode: String?
            var sex: String?
            /// When staff confirmed the patient against the record; null while the identity is not verified.
            var identityConfirmedAt: Date?
            /// Whether the mobile number was verified by a code (reply and video links go only to a verified one).
            var mobileVerified: Bool
        }

        init(_ r: TriageRequest) throws {
            id = try r.requireID()
            reference = r.reference
            status = r.status.rawValue
            urgency = r.urgency.rawValue
            kind = r.kind.rawValue
            adminTopic = r.adminTopic?.rawValue
            redFlags = r.redFlagSet.map(\.rawValue)
            subject = r.subject.rawValue
            channel = r.channel.rawValue
            screenVersion = r.screenVersion
            receivedAt = r.receivedAt
            receivedWhileClosed = r.receivedWhileClosed
            replyBy = r.replyBy
            description = r.description
            patient = Patient(
                givenName: r.givenName, familyName: r.familyName, dateOfBirth: r.dateOfBirth, nhsNumber: r.nhsNumber,
                postcode: r.postcode?.text, sex: r.sex?.rawValue, identityConfirmedAt: r.identityConfirmedAt,
                mobileVerified: r.mobileVerified)
            outcome = r.outcome?.rawValue
            outcomeNote = r.outcomeNote
        }
    }

    struct ListQuery: Content {
        var status: String?
        var limit: Int?
    }

    struct Patch: Content {
        var urgency: String?
        var status: String?
        var bookingMode: String?
        var outcome: String?
        var outcomeNote: String?
    }

    private static func record(_ req: Request, _ token: APIToken, _ detail: String, record: String? = nil, action: AuditAction = .apiRead)
        -> AuditRecord
    {
        AuditRecord(
            action: action, actorID: token.$createdBy.id, organisationID: token.$organisation.id, recordType: "triage_request",
            recordID: record, sourceAddress: req.remoteAddress?.ipAddress, detail: "api token \(token.id?.uuidString ?? ""): \(detail)")
    }

    private static func audit(_ req: Request, _ token: APIToken, _ detail: String, record: String? = nil) async throws {
        try await req.application.auditTrail.append(Self.record(req, token, detail, record: record), on: req.db)
    }

    static func find(_ req: Request) async throws -> (TriageRequest, APIToken) {
        let token = try req.requireAPIToken()
        let id = try req.uuidParameter(.requestID)
        let org = token.$organisation.id
        guard let request = try await TriageRequest.query(on: req.db).filter(\.$id == id)
            .group(.or, { $0.filter(\.$handlerID == org).filter(\.$practiceID == org) }).first()
        else { throw Abort(.notFound, reason: "There is no such request for this token's organisation.") }
        return (request, token)
    }

    @Sendable static func list(req: Request) async throws -> [RequestBody] {
        let token = try req.requireAPIToken()
        let query = try req.query.decode(ListQuery.self)
        let limit = query.limit ?? 100
        guard (1...500).contains(limit) else { throw Abort(.badRequest, reason: "limit must be from 1 to 500") }
        let builder = try TriageRequest.filter(TriageRequest.query(on: req.db).filter(\.$handlerID == token.$organisation.id), status: query.status)
        let requests = try await builder.sort(\.$priority, .descending).sort(\.$receivedAt).limit(limit).all()
        if !requests.isEmpty {
            // a list of patients' names: one row naming the requests shown (by reference)
            let shown = "listed \(requests.count): " + requests.map(\.reference).joined(separator: " ")
            try await req.application.auditTrail.append(record(req, token, shown, action: .patientListViewed), on: req.db)
        }
        return try requests.map(RequestBody.init)
    }

    @Sendable static func read(req: Request) async throws -> RequestBody {
        let (request, token) = try await find(req)
        try await audit(req, token, "read", record: request.reference)
        return try RequestBody(request)
    }

    @Sendable static func update(req: Request) async throws -> RequestBody {
        let (request, token) = try await find(req)
        let patch = try req.content.decode(Patch.self)
        var errors: [FormError] = []
        var changes = ["updated"]
        if let text = patch.urgency {
            if let urgency = Urgency(rawValue: text) {
                let changed = urgency != request.urgency
                request.urgency = urgency
                if changed {
                    // a new urgency makes a new promise, as when staff change it on the request's page
                    let code = try await Organisation.find(request.handlerID, on: req.db)?.odsCode ?? ""
                    let promise = try await request.workOutPromiseAgain(handlerCode: code, now: req.application.now(), app: req.application, on: req.db)
                    changes.append("urgency \(urgency.rawValue), \(promise)")
                }
                request.priority = TriageRequest.priority(redFlagged: request.redFlagged, urgency: urgency)
            } else { errors.append(.init(field: "urgency", message: "urgency must be one of \(Urgency.allCases.map(\.rawValue).joined(separator: ", "))")) }
        }
        if let text = patch.status, text != request.status.rawValue {
            if let status = TriageStatus(rawValue: text), request.status.canMove(to: status) {
                if status == .closed {
                    if let outcome = patch.outcome.flatMap(Outcome.init(rawValue:)) {
                        request.outcome = outcome
                        request.outcomeNote = try? FreeText.clean(patch.outcomeNote ?? "", limit: 2000)
                        request.closedAt = Date()
                        request.closedByID = token.$createdBy.id
                    } else { errors.append(.init(field: "outcome", message: "closing needs an outcome: \(Outcome.allCases.map(\.rawValue).joined(separator: ", "))")) }
                }
                if status == .booked {
                    if let mode = patch.bookingMode.flatMap(BookingMode.init(rawValue:)) { request.bookingMode = mode } else {
                        errors.append(.init(field: "bookingMode", message: "booking needs bookingMode: video, phone or faceToFace"))
                    }
                }
                request.status = status
            } else {
                errors.append(.init(field: "status", message: "a request that is \(request.status.rawValue) cannot move to \(text)"))
            }
        }
        guard errors.isEmpty else { throw ValidationProblem(errors: errors) }
        let audit = record(req, token, changes.joined(separator: ", "), record: request.reference)
        try await req.db.writeTransaction { tx in
            try await request.save(on: tx)
            try await req.application.auditTrail.append(audit, within: tx)
        }
        await TriageAccess.announce(request, on: req)
        return try RequestBody(request)
    }

    @Sendable static func fhir(req: Request) async throws -> Response {
        let (request, token) = try await find(req)
        guard request.status == .closed else { throw Abort(.conflict, reason: "The request is not closed; the bundle is written from the outcome.") }
        let messages = try await PatientMessage.query(on: req.db).filter(\.$request.$id == request.requireID()).sort(\.$createdAt).all()
        try await audit(req, token, "fhir", record: request.reference)
        var headers = HTTPHeaders()
        headers.add(name: .contentType, value: "application/fhir+json")
        return Response(status: .ok, headers: headers, body: .init(data: try WriteBackController.bundle(request, messages: messages).encoded()))
    }
}
