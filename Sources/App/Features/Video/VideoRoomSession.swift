import Domain
import Fluent
import Foundation
import NIOWebSocket
import Vapor

/// One participant's signalling socket in one consultation: relays their WebRTC offers, answers and candidates to the
/// person they name, in the order sent, and carries out the clinician's admit, send back, running late and end.
enum VideoRoomSession {
    /// Registers the socket and reads it; called on the socket's event loop straight after the upgrade, so that no
    /// message is missed. When what `grant` rests on ends (the consultation, the clinician's sign-in or engagement),
    /// the socket closes with a code and the reason its page shows, and is out of the room whatever the browser does.
    static func start(
        _ ws: WebSocket, room: UUID, participant: VideoParticipant, grant: LiveGrant, checkedSince: ContinuousClock.Instant,
        app: Application
    ) {
        let id = UUID()
        let hub = app.videoHub
        let connections = app.liveConnections
        let (inbox, feed) = AsyncStream<String>.makeStream(bufferingPolicy: .bufferingNewest(256))
        let socket = VideoSignalHub.Socket(send: { text in ws.send(text) }, close: { _ in _ = ws.close(code: .normalClosure) })
        ws.onText { _, text in feed.yield(text) }
        ws.onClose.whenComplete { _ in feed.finish() }
        hub.background.start {
            await hub.attach(socket, id: id, room: room, participant: participant)
            let registration = await connections.register(grant, checkedSince: checkedSince) { ending in
                close(ws, code: ending.closeCode, reason: ending.reason)
                feed.finish()
            }
            if let consultation = try? await VideoConsultation.find(room, on: app.db) {
                ws.send(stateText(consultation.callState), promise: nil)
                VideoLine.schedule(clinician: consultation.clinicianID, app: app)
            }
            for await text in inbox {
                guard !hub.isClosing else { break }
                do {
                    try await handle(text, from: participant, room: room, app: app)
                } catch let error as SignalError {
                    ws.send(errorText(error.message), promise: nil)
                } catch let error as VideoCallError {
                    ws.send(errorText(error.message), promise: nil)
                } catch {
                    app.logger.warning("video signal failed", metadata: ["error": "\(error)"])
                    ws.send(errorText("That could not be done. Try again."), promise: nil)
                }
            }
            await connections.remove(registration)
            await hub.detach(id: id, room: room, participant: participant)
            guard !hub.isClosing else { return }
            await announce(.leave, from: participant, room: room, app: app)
            if participant == .patient, await hub.present(in: room).contains(participant.id) == false {
                // the patient closed the page while waiting: out of the line until they come back
                try? await move(.leave, room: room, app: app)
            }
        }
    }

    /// Sends a close frame with `code` and `reason` (websocket-kit's own close carries no reason), then websocket-kit's,
    /// which ends the connection once the browser answers.
    static func close(_ ws: WebSocket, code: UInt16, reason: String) {
        ws.eventLoop.execute {
            ws.send(raw: Array(WebSocketClose.payload(code: code, reason: reason).readableBytesView), opcode: .connectionClose, fin: true)
            ws.close(code: .unknown(code), promise: nil)
        }
    }

    /// Reads one message and acts on it.
    static func handle(_ text: String, from participant: VideoParticipant, room: UUID, app: Application) async throws {
        let message = try SignalMessage.decode(text)
        try message.check(sender: participant)
        let hub = app.videoHub
        switch message {
        case .join, .offer, .answer: try await checkMedia(from: participant, room: room, app: app)
        default: break
        }
        switch message {
        case .offer(let to, _), .answer(let to, _), .candidate(let to, _):
            let relayed = RelayedSignal(from: participant, message: message).encoded()
            await hub.send(VideoEnvelope(room: room, from: participant.id, to: to.id, text: relayed, origin: hub.instance), app: app)
        case .join, .leave, .mute:
            await announce(message, from: participant, room: room, app: app)
        case .admit:
            try await move(.admit, room: room, app: app)
        case .sendBack:
            try await move(.sendBack, room: room, app: app)
        case .end(let outcome):
            try await move(outcome == .switchedToPhone ? .switchToPhone : .end(outcome), room: room, app: app)
        case .runningLate(let note):
            try await app.db.writeTransaction { tx in
                try await VideoConsultation.query(on: tx).filter(\.$id == room).set(\.$runningLate, to: note).update()
            }
            await announce(message, from: participant, room: room, app: app)
            if let clinician = try await VideoConsultation.find(room, on: app.db)?.clinicianID {
                VideoLine.schedule(clinician: clinician, app: app)
            }
        }
    }

    /// The server holds the waiting room and the room's size, whatever a browser sends: the patient sets up media only
    /// once admitted, a guest only while the call is on, and nobody beyond the most a call holds (the Domain's
    /// `checkJoin`, against the others with a socket in the room on this instance).
    static func checkMedia(from participant: VideoParticipant, room: UUID, app: Application) async throws {
        guard let consultation = try await VideoConsultation.find(room, on: app.db) else { throw Abort(.notFound) }
        let others = await app.videoHub.present(in: room).compactMap(VideoParticipant.init(id:)).filter { $0 != participant }
        try consultation.callState.checkJoin(participant, present: Set(others))
    }

    /// Applies a move of the call (the Domain's rules say which are allowed) and tells everyone in the room.
    static func move(_ move: VideoCallMove, room: UUID, app: Application) async throws {
        let state = try await app.db.writeTransaction { tx in
            guard let consultation = try await VideoConsultation.find(room, on: tx) else { throw Abort(.notFound) }
            let next = try consultation.callState.applying(move)
            consultation.set(next)
            try await consultation.save(on: tx)
            return (next: next, clinician: consultation.clinicianID)
        }
        let hub = app.videoHub
        await hub.send(VideoEnvelope(room: room, from: "server", to: nil, text: stateText(state.next), origin: hub.instance), app: app)
        VideoLine.schedule(clinician: state.clinician, app: app)
        if case .ended(let outcome) = state.next {
            await app.endLiveConnections(.consultationEnded(consultation: room, switchedToPhone: outcome == .switchedToPhone), on: app.db)
        }
    }

    /// Tells everyone else in the room that `participant` sent `message` (join, leave, mute, running late).
    static func announce(_ message: SignalMessage, from participant: VideoParticipant, room: UUID, app: Application) async {
        let hub = app.videoHub
        let text = RelayedSignal(from: participant, message: message).encoded()
        await hub.send(VideoEnvelope(room: room, from: participant.id, to: nil, text: text, origin: hub.instance), app: app)
    }

    static func stateText(_ state: VideoCallState) -> String {
        var fields: [String: VideoLine.JSONValue] = ["type": .string("state"), "state": .string(state.name)]
        if let outcome = state.outcome { fields["outcome"] = .string(outcome.rawValue) }
        return VideoLine.json(fields)
    }

    static func errorText(_ message: String) -> String { VideoLine.json(["type": .string("error"), "message": .string(message)]) }
}
