import Domain
import Fluent
import Foundation
import Vapor

/// The patient's side of an online request, one page a step: who it is for, the red-flag screens, the advice, the
/// form and the confirmation. The practice comes from the address (`NewTriageRequestController.practice`), already
/// checked. The screen always comes first, whether the practice is open or closed.
enum NewTriageRequest {
    /// The first page: who the request is for, and (when closed but taking requests) when it will be read.
    enum Screen {
        /// The first page's offer of NHS login, or what the patient's NHS login already vouched for.
        struct NHSLoginOffer: Sendable {
            var start: String
            var signedIn: VerifiedPatient?
        }

        struct Model: Sendable {
            var practice: Organisation
            /// Open, or closed with the reason the patient is told.
            var state: IntakeState
            var acceptsWhenClosed: Bool
            var errors: [FormError]
            var subject: RequestSubject?
            /// NHS login, when the site has it and the practice offers it.
            var nhsLogin: NHSLoginOffer? = nil

            /// Whether the practice is open at `now`, and what it does when closed.
            static func load(_ online: OnlinePractice, now: Date) -> Model {
                Model(
                    practice: online.practice, state: online.capacity.intake(at: now), acceptsWhenClosed: online.acceptsWhenClosed,
                    errors: [], subject: nil)
            }
        }
    }

    /// Where the patient is in the screen: for whom, which screen is next, what was answered yes so far, and the
    /// server's signature over all of it, so that no screen can be skipped.
    struct Progress: Sendable {
        var subject: RequestSubject
        var step: Int
        var answered: [RedFlag]
        var version: String
        var token: String

        /// The signature for reaching screen `step` with `answered`, as a `ScreenProof` over "screen:<step>".
        static func signed(
            practice: Organisation, subject: RequestSubject, step: Int, answered: [RedFlag], version: String, now: Date, box: SecretBox
        ) -> Progress {
            let proof = ScreenProof(
                practiceCode: practice.odsCode, submission: "screen:\(step)", subject: subject, flags: answered, version: version,
                issuedAt: now)
            return Progress(subject: subject, step: step, answered: answered, version: version, token: proof.token(box: box))
        }
    }

    /// One screen of red-flag questions, worded for the person the request is for.
    enum Questions {
        struct Model: Sendable {
            var practice: Organisation
            var leadIn: String
            var screen: RedFlagSet.Screen
            var count: Int
            var progress: Progress
            var ticked: Set<RedFlag> = []
            var errors: [FormError] = []
        }
    }

    /// Shown as soon as an answer needs help now (999), or at the end when one needs a reply today.
    enum Advice {
        struct Model: Sendable {
            var practice: Organisation
            var flags: [RedFlag]
            var advice: UrgentAdvice
            /// The form's hidden fields when the patient may still send a request; nil when the practice is closed and
            /// takes none (the advice says where to go instead).
            var proceed: Form.Screened?
        }
    }

    /// After a clear screen, when the practice is closed and takes no requests now: when it opens and where to go.
    enum Closed {
        struct Model: Sendable {
            var practice: Organisation
            var reason: ClosedReason
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
            /// What the patient's NHS login vouched for, if they signed in with it.
            var verified: VerifiedPatient? = nil

            /// NHS login fills the patient's details: the page shows them instead of asking.
            var detailsFromNHSLogin: Bool { verified?.verifies(subject: form.subject) ?? false }
        }

        /// The form with the NHS number, name and date of birth NHS login vouched for, when it verifies this request.
        static func filled(_ form: TriageRequestForm, from verified: VerifiedPatient?) -> TriageRequestForm {
            guard let verified, verified.verifies(subject: form.subject), let born = verified.dateOfBirth else { return form }
            var filled = form
            filled.givenName = verified.givenName
            filled.familyName = verified.familyName
            filled.nhsNumber = verified.nhsNumber
            filled.dobDay = String(born.day)
            filled.dobMonth = String(born.month)
            filled.dobYear = String(born.year)
            return filled
        }

        /// Why a form came back unsent, and whether the patient must add photos again.
        struct NotSent: Sendable {
            var refusal: ThrottleRefusal
            var hadPhotos: Bool
        }

        /// What a passed screen gives the form, in hidden fields: the form's key and the signed proof.
        struct Screened: Sendable {
            var subject: RequestSubject
            var flags: [RedFlag]
            var version: String
            var submission: String
            var proof: String

            /// A fresh form key and the proof over it.
            static func issue(
                practice: Organisation, subject: RequestSubject, flags: [RedFlag], version: String, now: Date, box: SecretBox
            ) -> Screened {
                let submission = SecretToken.generate()
                let proof = ScreenProof(
                    practiceCode: practice.odsCode, submission: submission, subject: subject, flags: flags, version: version,
                    issuedAt: now)
                return Screened(subject: subject, flags: flags, version: version, submission: submission, proof: proof.token(box: box))
            }

            /// The form as these fields start it.
            var form: TriageRequestForm {
                TriageRequestForm(
                    submission: submission, redFlags: flags.map(\.rawValue).joined(separator: ","), subject: subject.rawValue,
                    screenVersion: version, screenProof: proof)
            }
        }
    }

    /// The confirmation: a reference and an honest reply time.
    enum Sent {
        struct Model: Sendable {
            var practice: Organisation
            var request: TriageRequest
            var promise: String

            /// The request with this reference sent to this practice, shown only with the key of the form that sent it.
            static func load(reference: String, key: String, practice: Organisation, on db: any Database) async throws -> Model {
                let request = try await Self.request(reference: reference, key: key, practice: practice, on: db)
                return Model(practice: practice, request: request, promise: PracticeCapacity.promiseText(replyBy: request.replyBy))
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
