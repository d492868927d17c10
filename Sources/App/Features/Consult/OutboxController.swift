import Domain
import Fluent
import Foundation
import Plot
import Vapor

/// The demo outbox: every message the outbox transport "sent" for the acting organisation, links working.
enum OutboxController {
    @Sendable static func index(req: Request) async throws -> HTML {
        let staff = try req.staff
        try staff.require(.triageRequests)
        let messages = try await PatientMessage.query(on: req.db).filter(\.$organisationID == staff.actingOrganisation.requireID())
            .filter(\.$transport == "outbox").sort(\.$createdAt, .descending).limit(200).all()
        try await req.audit(.outboxViewed, recordType: "organisation", recordID: staff.actingOrganisation.odsCode)
        let formatter = DateFormatter()
        formatter.dateFormat = "d MMM HH:mm"
        formatter.timeZone = .london
        return Layout("Outbox", section: .consult, request: req).render([
            .h1(.text("Outbox")),
            .p(.text("With the outbox transport (the demo's), messages are not sent anywhere: they appear here, links and all. In production GOV.UK Notify sends them.")),
            .ul(.class("messages"), .attribute(named: "data-testid", value: "outbox"), .forEach(messages) { message in
                .li(.class("message"),
                    .p(.class("hint"), .text("\(formatter.string(from: message.createdAt)) by \(message.channel == .sms ? "text" : "email") to \(message.recipient ?? "")")),
                    .p(.group(linked(message.body))))
            }),
        ])
    }

    /// The message text with http(s) links made clickable; everything else stays text.
    static func linked(_ body: String) -> [Node<HTML.BodyContext>] {
        var nodes: [Node<HTML.BodyContext>] = []
        var words: [String] = []
        func flush() {
            if !words.isEmpty { nodes.append(.text(words.joined(separator: " ") + " ")); words = [] }
        }
        for word in body.split(separator: " ", omittingEmptySubsequences: false).map(String.init) {
            if word.hasPrefix("http://") || word.hasPrefix("https://") {
                flush()
                nodes.append(.a(.href(Components.attributeSafe(word)), .text(word)))
                nodes.append(.text(" "))
            } else {
                words.append(word)
            }
        }
        flush()
        return nodes
    }
}

/// The outcome written back to the record: a plain-text summary and a FHIR R4 bundle on UK Core profiles.
enum WriteBackController {
    static func sources(_ req: Request) async throws -> (TriageRequest, [PatientMessage], String?) {
        let staff = try req.staff
        let request = try await TriageAccess.request(req, staff: staff)
        guard request.status == .closed else { throw Abort(.conflict, reason: "Close the request with an outcome first; the summary is written from the outcome.") }
        let messages = try await PatientMessage.query(on: req.db).filter(\.$request.$id == request.requireID()).sort(\.$createdAt).all()
        let closer = try await request.closedByID.asyncMap { try await Person.find($0, on: req.db) } ?? nil
        return (request, messages, closer?.name)
    }

    @Sendable static func summary(req: Request) async throws -> Response {
        let (request, messages, closer) = try await sources(req)
        let text = ClinicalSummary.text(
            reference: request.reference, receivedAt: request.receivedAt, redFlags: Set(request.redFlagSet), kind: request.kind,
            adminTopic: request.adminTopic, patientWords: request.description,
            messages: messages.map { ClinicalSummary.Message(sentAt: $0.createdAt, author: $0.direction == .inbound ? "Patient" : "Practice", text: ReplyLinks.redact($0.body)) },
            outcome: request.outcome, outcomeNote: request.outcomeNote, closedBy: closer, closedAt: request.closedAt)
        try await req.audit(.requestWriteBack, recordType: "triage_request", recordID: request.reference, detail: "summary")
        var headers = HTTPHeaders()
        headers.add(name: .contentType, value: "text/plain; charset=utf-8")
        headers.add(name: .contentDisposition, value: "attachment; filename=\"\(request.reference)-summary.txt\"")
        return Response(status: .ok, headers: headers, body: .init(string: text))
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
            patient: .init(givenName: request.givenName, familyName: request.familyName, dateOfBirth: request.dateOfBirth, nhsNumber: request.nhsNumber.flatMap { try? NHSNumber($0) }, mobileE164: request.mobile, email: request.email),
            encounter: .init(start: request.receivedAt, end: request.closedAt ?? Date(), summary: request.outcome.map { $0.displayName + (request.outcomeNote.map { ": \($0)" } ?? "") }),
            answers: answers, answeredAt: request.receivedAt,
            messages: messages.map { FHIRWriteBack.MessageInput(route: $0.direction == .inbound ? .replyFromPatient : ($0.channel == .email ? .emailToPatient : .smsToPatient), text: ReplyLinks.redact($0.body), sentAt: $0.createdAt) })
    }
}
