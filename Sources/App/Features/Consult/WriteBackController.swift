import Domain
import Fluent
import Foundation
import Vapor

/// The outcome written back to the record: a plain-text summary and a FHIR R4 bundle on UK Core profiles.
enum WriteBackController {
    static func sources(_ req: Request) async throws -> (TriageRequest, [PatientMessage], String?) {
        let staff = try req.staff
        let request = try await TriageAccess.request(req, staff: staff)
        guard request.status == .closed else { throw Abort(.conflict, reason: "Close the request with an outcome first; the summary is written from the outcome.") }
        let messages = try await PatientMessage.query(on: req.db).filter(\.$request.$id == request.requireID()).sort(\.$createdAt).all()
            .filter { $0.purpose == nil }
        let closer = try await request.closedByID.asyncMap { try await Person.find($0, on: req.db) } ?? nil
        return (request, messages, closer?.name)
    }

    @Sendable static func summary(req: Request) async throws -> Response {
        let (request, messages, closer) = try await sources(req)
        let text = ClinicalSummary.text(
            reference: request.reference, receivedAt: request.receivedAt, redFlags: Set(request.redFlagSet), kind: request.kind,
            adminTopic: request.adminTopic, patientWords: request.description,
            messages: messages.map { ClinicalSummary.Message(sentAt: $0.createdAt, author: $0.direction == .inbound ? "Patient" : "Practice", text: ReplyLinks.redact($0.body)) },
            outcome: request.outcome, outcomeNote: request.outcomeNote, closedBy: closer, closedAt: request.closedAt,
            photos: try await RequestPhoto.query(on: req.db).filter(\.$request.$id == request.requireID()).count(),
            identity: .init(
                sex: request.sex, postcode: request.postcode, confirmedBy: try await confirmer(request, on: req.db),
                confirmedAt: request.identityConfirmedAt))
        try await req.audit(.requestWriteBack, recordType: "triage_request", recordID: request.reference, detail: "summary")
        var headers = HTTPHeaders()
        headers.add(name: .contentType, value: "text/plain; charset=utf-8")
        headers.add(name: .contentDisposition, value: "attachment; filename=\"\(request.reference)-summary.txt\"")
        return Response(status: .ok, headers: headers, body: .init(string: text))
    }

    /// The name of who confirmed the patient against the record, if anyone has.
    private static func confirmer(_ request: TriageRequest, on db: any Database) async throws -> String? {
        guard let id = request.identityConfirmedByID else { return nil }
        return try await Person.find(id, on: db)?.name ?? "Someone"
    }

    @Sendable static func fhir(req: Request) async throws -> Response {
        let (request, messages, _) = try await sources(req)
        let data = try bundle(request, messages: messages).encoded()
        try await req.audit(.requestWriteBack, recordType: "triage_request", recordID: request.reference, detail: "fhir")
        var headers = HTTPHeaders()
        headers.add(name: .contentType, value: "application/fhir+json; charset=utf-8")
        headers.add(name: .contentDisposition, value: "attachment; filename=\"\(request.reference)-bundle.json\"")
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }

    static func bundle(_ request: TriageRequest, messages: [PatientMessage]) throws -> FHIRBundle {
        var answers: [(question: String, answer: String)] = [("Type of request", request.kind.displayName)]
        if let topic = request.adminTopic { answers.append(("Admin topic", topic.displayName)) }
        answers.append(("What do you need help with?", request.description))
        answers.append(("Red flags answered yes", request.redFlagSet.isEmpty ? "None" : request.redFlagSet.map(\.shortName).joined(separator: ", ")))
        return FHIRWriteBack.bundle(
            patient: .init(givenName: request.givenName, familyName: request.familyName, dateOfBirth: request.dateOfBirth, nhsNumber: request.nhsNumber.flatMap { try? NHSNumber($0) }, mobileE164: request.mobile, email: request.email, postcode: request.postcode, sex: request.sex),
            encounter: .init(start: request.receivedAt, end: request.closedAt ?? Date(), summary: request.outcome.map { $0.displayName + (request.outcomeNote.map { ": \($0)" } ?? "") }),
            answers: answers, answeredAt: request.receivedAt,
            messages: messages.filter { $0.purpose == nil }.map { FHIRWriteBack.MessageInput(route: $0.direction == .inbound ? .replyFromPatient : ($0.channel == .email ? .emailToPatient : .smsToPatient), text: ReplyLinks.redact($0.body), sentAt: $0.createdAt) })
    }
}
