import Domain
import Fluent
import Foundation
import Vapor

/// A clinician's waiting room as the sockets see it: each waiting patient gets their own place and estimate (and
/// nothing about anyone else); the clinician gets the list of who is waiting since when.
enum VideoLine {
    /// Refreshes the clinician's line a tenth of a second from now, once for all the arrivals and moves in between.
    static func schedule(clinician: UUID, app: Application) {
        let hub = app.videoHub
        guard hub.claimRefresh(for: clinician) else { return }
        hub.background.start {
            try? await Task.sleep(for: .milliseconds(100))
            hub.releaseRefresh(for: clinician)
            await refresh(clinician: clinician, app: app)
        }
    }

    /// Recomputes the clinician's line from the database and sends every socket concerned its view.
    static func refresh(clinician: UUID, app: Application, now: Date = Date()) async {
        guard !app.videoHub.isClosing else { return }
        do {
            let day = Calendar(identifier: .gregorian).startOfDay(for: now)
            let consultations = try await VideoConsultation.query(on: app.db).filter(\.$clinicianID == clinician)
                .filter(\.$slotAt >= day.addingTimeInterval(-6 * 3600)).filter(\.$slotAt < day.addingTimeInterval(30 * 3600))
                .all()
            let waiting = consultations.filter { $0.callState == .waiting }
            let note = consultations.compactMap(\.runningLate).last
            var room = VideoWaitingRoom(runningLateMessage: note)
            for consultation in waiting {
                room.arrive(
                    WaitingPatient(consultationID: consultation.id!, slot: consultation.slotAt, arrivedAt: consultation.arrivedAt ?? now))
            }
            let hub = app.videoHub
            for consultation in waiting {
                guard let id = consultation.id, let view = room.view(for: id) else { continue }
                let text = json([
                    "type": .string("waiting"), "place": .int(view.place), "wait": .string(view.waitText),
                    "runningLate": view.runningLateMessage.map { .string($0) } ?? .null,
                ])
                await hub.send(
                    VideoEnvelope(room: id, from: "server", to: VideoParticipant.patient.id, text: text, origin: hub.instance), app: app)
            }
            let queue = room.line.compactMap { entry -> JSONValue? in
                guard let consultation = waiting.first(where: { $0.id == entry.consultationID }) else { return nil }
                return .object([
                    "id": .string(entry.consultationID.uuidString), "name": .string(consultation.patientName),
                    "since": .string(ISO8601DateFormatter().string(from: entry.arrivedAt)),
                ])
            }
            let text = json(["type": .string("queue"), "waiting": .array(queue)])
            for consultation in consultations where !consultation.callState.isEnded {
                guard let id = consultation.id else { continue }
                await hub.send(
                    VideoEnvelope(room: id, from: "server", to: VideoParticipant.clinician.id, text: text, origin: hub.instance), app: app)
            }
        } catch {
            app.logger.warning("video waiting room not refreshed", metadata: ["error": "\(error)"])
        }
    }

    /// A JSON value small enough to build by hand.
    indirect enum JSONValue: Encodable {
        case string(String), int(Int), array([JSONValue]), object([String: JSONValue]), null

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .string(let value): try container.encode(value)
            case .int(let value): try container.encode(value)
            case .array(let value): try container.encode(value)
            case .object(let value): try container.encode(value)
            case .null: try container.encodeNil()
            }
        }
    }

    static func json(_ fields: [String: JSONValue]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: (try? encoder.encode(fields)) ?? Data("{}".utf8), as: UTF8.self)
    }
}
