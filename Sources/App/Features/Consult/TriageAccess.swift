import Domain
import Fluent
import Foundation
import Vapor

/// Finds a request the acting organisation may see: it handles it, or it is the patient's practice. Otherwise 404.
enum TriageAccess {
    static func request(_ req: Request, staff: StaffContext) async throws -> TriageRequest {
        try staff.require(.triageRequests)
        let id = try req.uuidParameter(.requestID)
        let acting = try staff.actingOrganisation.requireID()
        guard let request = try await TriageRequest.query(on: req.db).filter(\.$id == id)
            .group(.or, { $0.filter(\.$handlerID == acting).filter(\.$practiceID == acting) }).first()
        else { throw Abort(.notFound, reason: "There is no such request for \(staff.actingOrganisation.name).") }
        return request
    }

    /// Tells every open queue of the handling organisation (and the practice) that a request changed.
    static func announce(_ request: TriageRequest, on req: Request) async {
        for organisation in Set([request.handlerID, request.practiceID]) {
            try? await req.application.events.publish(QueueEvent.changed(handlerID: organisation, requestID: request.id), on: req.db)
        }
    }
}

/// What staff can do to a request, each a POST to its own address.
enum TriageAction: String, CaseIterable, Sendable {
    case claim, assign, update, note, route, message, close
    /// Staff called the patient and checked the mobile number is theirs.
    case confirmMobile = "confirm-mobile"
    /// Staff checked the patient against the record (PDS or the clinical system).
    case confirmIdentity = "confirm-identity"

    func url(_ id: UUID) -> SiteURL { .requestAction(id: id, action: rawValue) }

    /// What the request's page says at its top once the action is done.
    var doneText: String {
        switch self {
        case .claim: "You claimed this request: it is yours now."
        case .assign: "The request is assigned."
        case .update: "Status and urgency saved."
        case .note: "Your note is added."
        case .route: "The request is routed."
        case .message: "Your message is on its way to the patient: its progress shows under Messages."
        case .close: "The request is closed with its outcome."
        case .confirmMobile: "The mobile number is confirmed: links may go to it by text."
        case .confirmIdentity: "The patient is confirmed against the record."
        }
    }

    /// The request's page after the action, scrolled to the line that says it is done.
    func donePath(_ id: UUID) -> String { SiteURL.triageRequest(id: id).path + "?done=\(rawValue)#confirmation" }
}
