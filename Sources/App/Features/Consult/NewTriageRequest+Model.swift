import Domain
import Fluent
import Foundation
import Vapor

/// The patient's side of an online request, one page a step: the red-flag screen, the urgent advice, the form and the
/// confirmation. The practice comes from the address (`NewTriageRequestController.practice`), already checked.
enum NewTriageRequest {
    /// The practice's reply promise and hours, or a typical practice's when it has set none.
    static func capacity(_ settings: ConsultSettings?) -> PracticeCapacity {
        settings?.practiceCapacity ?? .typicalPractice
    }

    /// The first page: the questions that must come before anything else.
    enum Screen {
        struct Model: Sendable {
            var practice: Organisation
            /// Open, or closed with the reason the patient is told.
            var state: IntakeState
            var acceptsWhenClosed: Bool
            var errors: [FormError]
            var answers: [RedFlag: Bool]

            /// Counts today's requests to say whether the practice takes more now.
            static func load(practice: Organisation, settings: ConsultSettings?, now: Date, on db: any Database) async throws -> Model {
                let capacity = NewTriageRequest.capacity(settings)
                let count = try await TriageRequest.countToday(practiceID: practice.requireID(), capacity: capacity, on: db, now: now)
                return Model(
                    practice: practice, state: capacity.intake(at: now, requestsToday: count),
                    acceptsWhenClosed: settings?.acceptWhenClosed ?? false, errors: [], answers: [:])
            }
        }
    }

    /// Shown at once when any red-flag answer is yes: the advice comes first, plainly.
    enum Advice {
        struct Model: Sendable {
            var practice: Organisation
            var flags: [RedFlag]
            var advice: UrgentAdvice
        }
    }

    /// The request form: what is wrong, photos, who the patient is and how to reach them.
    enum Form {
        struct Model: Sendable {
            var practice: Organisation
            var form: TriageRequestForm
            var errors: [FormError]
            /// Set when the form was not sent because its sender must wait: the page says so above the form.
            var notSent: NotSent? = nil
        }

        /// Why a form came back unsent, and whether the patient must add photos again.
        struct NotSent: Sendable {
            var refusal: ThrottleRefusal
            var hadPhotos: Bool
        }
    }

    /// The confirmation: a reference and an honest reply time.
    enum Sent {
        struct Model: Sendable {
            var practice: Organisation
            var request: TriageRequest
            var promise: String

            /// The request with this reference sent to this practice, shown only with the key of the form that sent it.
            static func load(
                reference: String, key: String, practice: Organisation, settings: ConsultSettings?, on db: any Database
            ) async throws -> Model {
                let request = try await Self.request(reference: reference, key: key, practice: practice, on: db)
                return Model(
                    practice: practice, request: request,
                    promise: NewTriageRequest.capacity(settings).replyPromiseText(receivedAt: request.receivedAt))
            }

            /// The request with this reference sent to this practice, found only with the key of the form that sent it.
            static func request(reference: String, key: String, practice: Organisation, on db: any Database) async throws -> TriageRequest {
                guard
                    let request = try await TriageRequest.query(on: db).filter(\.$reference == reference)
                        .filter(\.$practiceID == practice.requireID()).first(),
                    SecretToken.constantTimeEquals(request.submissionKey, key)
                else { throw Abort(.notFound, reason: "We cannot show this confirmation. If you sent a request, the practice has it.") }
                return request
            }
        }
    }
}
