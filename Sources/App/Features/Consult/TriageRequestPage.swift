import Domain
import Fluent
import Foundation
import Plot
import Vapor

/// One request as staff see it: red flags first, the patient's words and photos, messages, notes, and the actions.
struct TriageRequestPage {
    var request: TriageRequest
    var photos: [RequestPhoto]
    var notes: [(RequestNote, String)]
    var messages: [PatientMessage]
    var templates: [MessageTemplateRecord]
    var colleagues: [Person]
    var routes: [Organisation]
    var assigneeName: String?
    var canAct: Bool
    var errors: [FormError]
    /// Video consultations booked from this request, and who may be booked for one.
    var videos: [VideoConsultation] = []
    var videoClinicians: [Person] = []

    static func load(_ request: TriageRequest, staff: StaffContext, req: Request, errors: [FormError]) async throws -> TriageRequestPage {
        let id = try request.requireID()
        let photos = try await RequestPhoto.query(on: req.db).filter(\.$request.$id == id).field(\.$id).field(\.$source).field(\.$createdAt).field(\.$contentType).sort(\.$createdAt).all()
        let notes = try await RequestNote.query(on: req.db).filter(\.$request.$id == id).sort(\.$createdAt).all()
        let messages = try await PatientMessage.query(on: req.db).filter(\.$request.$id == id).sort(\.$createdAt).all()
        await Messenger(request: req).refreshStatuses(messages)
        let people = try await Person.query(on: req.db).filter(\.$id ~~ (notes.map(\.authorID) + [request.assigneeID].compactMap { $0 })).all()
        let names = Dictionary(uniqueKeysWithValues: people.compactMap { p in p.id.map { ($0, p.name) } })
        let engagements = try await Engagement.query(on: req.db).filter(\.$organisation.$id == request.handlerID).with(\.$person).all()
        let colleagues = Dictionary(grouping: engagements.filter { $0.isActive(on: staff.today) }.map(\.person), by: { $0.id }).compactMap { $0.value.first }.sorted { $0.name < $1.name }
        return TriageRequestPage(
            request: request, photos: photos, notes: notes.map { ($0, names[$0.authorID] ?? "Someone") }, messages: messages,
            templates: try await MessageTemplateRecord.query(on: req.db).filter(\.$organisationID == request.handlerID).sort(\.$name).all(),
            colleagues: colleagues, routes: try await TriageRouting.choices(for: request, on: req.db, today: staff.today),
            assigneeName: request.assigneeID.flatMap { names[$0] }, canAct: request.handlerID == staff.actingOrganisation.id, errors: errors,
            videos: try await VideoConsultation.query(on: req.db).filter(\.$requestID == id).sort(\.$slotAt).all(),
            videoClinicians: try await VideoBooking.clinicians(of: request.handlerID, on: req.db, today: staff.today))
    }

    private static let time: DateFormatter = {
        let formatter = DateFormatter()
        formatter.dateFormat = "d MMM yyyy HH:mm"
        formatter.timeZone = .london
        return formatter
    }()

    func render(_ req: Request) -> HTML {
        let id = request.id ?? UUID()
        return Layout("Request \(request.reference)", section: .consult, request: req).render([
            .p(.a(.href(SiteURL.consult.path), .text("Back to the queue"))),
            .h1(.text("Request \(request.reference)")),
            .if(request.redFlagged, .div(.class("notice notice--danger"), .attribute(named: "data-testid", value: "red-flags"),
                .h2(.text("Red flags")), .p(.text("The patient answered yes to: \(request.redFlagSet.map(\.shortName).joined(separator: ", ")). They were told to call 999 or 111.")))),
            Components.errorSummary(errors),
            Components.summaryList([
                ("Status", request.status.displayName + (request.bookingMode.map { " (\($0.displayName))" } ?? "")),
                ("Urgency", request.urgency.displayName), ("Assigned to", assigneeName ?? "Nobody yet"),
                ("Received", Self.time.string(from: request.receivedAt) + (request.receivedWhileClosed ? " (while closed)" : "")),
                ("Reply promised by", Self.time.string(from: request.replyBy)),
                ("Type", request.kind.displayName + (request.adminTopic.map { ": \($0.displayName)" } ?? "")),
                ("Patient", request.patientName), ("Date of birth", request.dateOfBirth.displayText),
                ("NHS number", request.nhsNumber.flatMap { try? NHSNumber($0) }?.formatted ?? "Not given"),
                ("Mobile", request.mobile ?? "Not given"), ("Email", request.email ?? "Not given"),
                ("Contact by", request.contactPreference.displayName),
                ("Best times", request.bestTimes ?? "Any time"),
            ]),
            .h2(.text("In the patient's words")),
            .div(.class("patient-words"), .attribute(named: "data-testid", value: "patient-words"), .text(request.description)),
            .if(!photos.isEmpty, .group(.h2(.text("Photos")), .ul(.class("photos"), .forEach(photos) { photo in
                .li(.a(.href(SiteURL.requestPhoto(id: id, photoID: photo.id ?? UUID()).path),
                       .img(.src(SiteURL.requestPhoto(id: id, photoID: photo.id ?? UUID()).path), .alt("Photo from the patient, \(photo.source == "reply" ? "sent with a reply" : "sent with the request")"), .class("photo"))))
            }))),
            .h2(.text("Messages")),
            .if(messages.isEmpty, .p(.text("No messages yet."))),
            .ul(.class("messages"), .attribute(named: "data-testid", value: "messages"), .forEach(messages) { message in
                .li(.class("message message--\(message.direction.rawValue)"),
                    .p(.class("hint"), .text("\(message.direction == .inbound ? "From the patient" : "To the patient by \(message.channel == .sms ? "text" : "email")"), \(Self.time.string(from: message.createdAt)) – \(message.status.rawValue.replacingOccurrences(of: "-", with: " "))\(message.statusDetail.map { ": \($0)" } ?? "")")),
                    .p(.text(message.body)))
            }),
            .h2(.text("Notes")),
            .ul(.forEach(notes) { note in .li(.text("\(note.1), \(Self.time.string(from: note.0.createdAt)): \(note.0.text)")) }),
            .if(request.status == .closed, .div(.class("notice"), .h2(.text("Closed")),
                .p(.text("Outcome: \(request.outcome?.displayName ?? "–")\(request.outcomeNote.map { ". \($0)" } ?? "")")),
                .p(.a(.href(SiteURL.requestSummary(id: id).path), .text("Summary for the record (text)")), .text(" · "),
                   .a(.href(SiteURL.requestFHIR(id: id).path), .text("FHIR bundle (JSON)"))))),
            VideoRequestSection(requestID: id, videos: videos, clinicians: videoClinicians, csrf: req.csrfToken, errors: errors,
                canBook: canAct && request.status != .closed, staffID: req.staffContextIfLoaded?.person.id).node,
            .if(canAct && request.status != .closed, TriageActionForms(page: self, id: id, csrf: req.csrfToken).node),
        ])
    }
}
