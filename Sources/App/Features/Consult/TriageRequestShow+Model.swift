import Domain
import Fluent
import Foundation

/// One request as staff see it: red flags first, the patient's words and photos, messages, notes, and the actions.
enum TriageRequestShow {
    /// Everything the page shows about one request, and who may be chosen in its forms.
    struct Model: Sendable {
        var request: TriageRequest
        var photos: [RequestPhoto]
        /// Each note with its author's name.
        var notes: [Note]
        var messages: [PatientMessage]
        var templates: [MessageTemplateRecord]
        var colleagues: [Person]
        var routes: [Organisation]
        var assigneeName: String?
        /// The acting organisation handles the request, so it may change it (the patient's practice may only read it).
        var canAct: Bool
        var errors: [FormError]
        /// Video consultations booked from this request, and who may be booked for one.
        var videos: [VideoConsultation] = []
        var videoClinicians: [Person] = []
        /// The person looking: their own video consultations link to the call.
        var staffID: UUID?
        /// When the page was made: the booking form suggests a time just after it.
        var now: Date
        /// The action just done, which the page confirms at its top.
        var done: TriageAction? = nil
        /// Who confirmed the patient against the record, and who confirmed the mobile number by phone.
        var identityConfirmedBy: String? = nil
        var mobileConfirmedBy: String? = nil
        /// What the patient directory found for the patient's details, and its name; nil once identity is confirmed.
        var directoryResult: DirectoryResult? = nil
        var directoryName: String = ""

        /// A note with the name of who wrote it.
        struct Note: Sendable {
            var note: RequestNote
            var author: String
        }

        /// Checks the request is the acting organisation's to see (`TriageAccess` found it), asks the transport about
        /// messages still on their way, then gathers the rest.
        static func load(
            _ request: TriageRequest, for staff: StaffContext, errors: [FormError], messenger: Messenger, directory: any PatientDirectory,
            now: Date, on db: any Database
        ) async throws -> Model {
            try staff.require(.triageRequests)
            let id = try request.requireID()
            let photos = try await RequestPhoto.query(on: db).filter(\.$request.$id == id).field(\.$id).field(\.$source)
                .field(\.$createdAt).field(\.$contentType).sort(\.$createdAt).all()
            let notes = try await RequestNote.query(on: db).filter(\.$request.$id == id).sort(\.$createdAt).all()
            let messages = try await PatientMessage.query(on: db).filter(\.$request.$id == id).sort(\.$createdAt).all()
            await messenger.refreshStatuses(messages)
            let named = [request.assigneeID, request.identityConfirmedByID, request.mobileVerifiedByID].compactMap { $0 }
            let people = try await Person.query(on: db).filter(\.$id ~~ (notes.map(\.authorID) + named)).all()
            let names = Dictionary(uniqueKeysWithValues: people.compactMap { p in p.id.map { ($0, p.name) } })
            let engagements = try await Engagement.query(on: db).filter(\.$organisation.$id == request.handlerID).with(\.$person).all()
            let colleagues = Dictionary(grouping: engagements.filter { $0.isActive(on: staff.today) }.map(\.person), by: { $0.id })
                .compactMap { $0.value.first }.sorted { $0.name < $1.name }
            var model = Model(
                request: request, photos: photos, notes: notes.map { Note(note: $0, author: names[$0.authorID] ?? "Someone") },
                messages: messages,
                templates: try await MessageTemplateRecord.query(on: db).filter(\.$organisationID == request.handlerID).sort(\.$name).all(),
                colleagues: colleagues, routes: try await TriageRouting.choices(for: request, on: db, today: staff.today),
                assigneeName: request.assigneeID.flatMap { names[$0] }, canAct: request.handlerID == staff.actingOrganisation.id,
                errors: errors,
                videos: try await VideoConsultation.query(on: db).filter(\.$requestID == id).sort(\.$slotAt).all(),
                videoClinicians: try await VideoBooking.clinicians(of: request.handlerID, on: db, today: staff.today),
                staffID: staff.person.id, now: now)
            model.identityConfirmedBy = request.identityConfirmedByID.map { names[$0] ?? "Someone" }
            model.mobileConfirmedBy = request.mobileVerifiedByID.map { names[$0] ?? "Someone" }
            model.directoryName = directory.name
            if !request.identityConfirmed { model.directoryResult = await lookUp(request, in: directory) }
            return model
        }

        /// The directory's match for what the patient typed; a directory that fails is reported, never fatal.
        static func lookUp(_ request: TriageRequest, in directory: any PatientDirectory) async -> DirectoryResult {
            let query = DirectoryQuery(
                givenName: request.givenName, familyName: request.familyName, dateOfBirth: request.dateOfBirth,
                nhsNumber: request.nhsNumber.flatMap { try? NHSNumber($0) }, postcode: request.postcode, sex: request.sex)
            do { return try await directory.search(query) } catch {
                return .unavailable("\(directory.name) did not answer: check the patient in the clinical system.")
            }
        }
    }
}
