import Domain
import Fluent
import Foundation
import Vapor

/// The end of a video consultation and what it means for the triage request it was booked from.
enum VideoOutcomes {
    /// Applies the closing move (end with an outcome, or switch to phone), records the number called, moves the
    /// request on in the same transaction, and tells the room and the queue.
    static func finish(_ id: UUID, move: VideoCallMove, phone: String?, req: Request) async throws {
        let staffID = try req.staff.person.requireID()
        let now = Date()
        let (state, clinician, request) = try await req.db.writeTransaction { tx in
            guard let consultation = try await VideoConsultation.find(id, on: tx) else { throw Abort(.notFound) }
            let next = try consultation.callState.applying(move)
            consultation.set(next)
            if let phone { consultation.phoneNumber = phone }
            try await consultation.save(on: tx)
            var request: TriageRequest?
            if let requestID = consultation.requestID, let row = try await TriageRequest.find(requestID, on: tx), let outcome = next.outcome
            {
                try await apply(outcome.requestFollowUp, to: row, by: staffID, now: now, on: tx)
                request = row
            }
            return (next, consultation.clinicianID, request)
        }
        let app = req.application
        let hub = app.videoHub
        await hub.send(
            VideoEnvelope(room: id, from: "server", to: nil, text: VideoRoomSession.stateText(state), origin: hub.instance), app: app)
        VideoLine.schedule(clinician: clinician, app: app)
        // every socket of the consultation closes, on every instance, whatever its browser does
        if case .ended(let outcome) = state {
            await app.endLiveConnections(.consultationEnded(consultation: id, switchedToPhone: outcome == .switchedToPhone), on: req.db)
        }
        if let request { await TriageAccess.announce(request, on: req) }
    }

    /// Closes the request with the outcome (it is then written back), keeps it booked in a new mode, or returns it to
    /// triage with a note.
    static func apply(_ followUp: RequestFollowUp, to request: TriageRequest, by person: UUID, now: Date, on db: any Database) async throws
    {
        request.status = followUp.status
        switch followUp {
        case .close(let outcome):
            request.outcome = outcome
            request.outcomeNote = "After a video consultation."
            request.closedAt = now
            request.closedByID = person
        case .continueAs(let mode):
            request.bookingMode = mode
        case .returnToTriage(let text):
            let note = RequestNote()
            note.$request.id = try request.requireID()
            note.authorID = person
            note.text = text
            note.createdAt = now
            try await note.create(on: db)
        }
        try await request.save(on: db)
    }
}

extension VideoCallError: AbortError {
    public var status: HTTPResponseStatus { .conflict }
    public var reason: String { message }
}
