import Domain
import Foundation
import Plot

extension TriageRequestShow {
    /// Who the patient is: whether they are confirmed against the record (and by whom), what the patient directory
    /// found beside the button that confirms them, and whether their mobile number is confirmed.
    struct IdentitySection {
        var model: Model
        var id: UUID
        var csrf: String

        var node: Node<HTML.BodyContext> {
            let request = model.request
            let canAct = model.canAct && request.status != .closed
            return .section(
                .class("identity"), .attribute(named: "data-testid", value: "identity"),
                .h2(.text("Who the patient is")),
                identityLine(request),
                .if(!request.identityConfirmed, directoryMatch),
                .if(!request.identityConfirmed && canAct, button(.confirmIdentity, "Confirm identity against the record")),
                mobileLine(request),
                .if(request.mobile != nil && !request.mobileVerified && canAct, button(.confirmMobile, "Mobile number confirmed by phone"))
            )
        }

        private func identityLine(_ request: TriageRequest) -> Node<HTML.BodyContext> {
            guard let at = request.identityConfirmedAt else {
                return .p(.span(.class("tag tag--red"), .text("Identity not verified")),
                          .text(" Check the patient against the record before anything from this request goes into it."))
            }
            if let vouched = request.identityVerifiedBy, request.identityConfirmedByID == nil {
                return .p(.span(.class("tag"), .text("Identity verified")),
                          .text(" by \(vouched): the patient signed in, and their NHS number, name and date of birth came from it, \(UKTime.stamp(at))."))
            }
            return .p(.span(.class("tag"), .text("Identity confirmed")),
                      .text(" by \(model.identityConfirmedBy ?? "Someone"), \(UKTime.stamp(at))."))
        }

        private func mobileLine(_ request: TriageRequest) -> Node<HTML.BodyContext> {
            guard request.mobile != nil else { return .p(.text("No mobile number given.")) }
            guard let at = request.mobileVerifiedAt else {
                return .p(.attribute(named: "data-testid", value: "mobile-not-confirmed"),
                          .text("Mobile number not confirmed: the patient did not enter the code texted to it. Links cannot go to it by text until it is confirmed."))
            }
            let how = model.mobileConfirmedBy.map { "by \($0) on the phone" } ?? "by the patient, with the code texted to it"
            return .p(.attribute(named: "data-testid", value: "mobile-confirmed"), .text("Mobile number confirmed \(how), \(UKTime.stamp(at))."))
        }

        private var directoryMatch: Node<HTML.BodyContext> {
            let heading = Node<HTML.BodyContext>.h3(.text("\(model.directoryName) says"))
            switch model.directoryResult {
            case nil: return .empty
            case .noMatch?:
                return .div(.class("directory"), .attribute(named: "data-testid", value: "directory-match"), heading,
                            .p(.text("No match for these details. Check the patient in the clinical system, or call them.")))
            case .unavailable(let reason)?:
                return .div(.class("directory"), .attribute(named: "data-testid", value: "directory-match"), heading, .p(.text(reason)))
            case .matched(let patient, let differences)?:
                return .div(
                    .class("directory"), .attribute(named: "data-testid", value: "directory-match"), heading,
                    Components.summaryList([
                        ("Name", "\(patient.givenName) \(patient.familyName)"), ("Date of birth", patient.dateOfBirth.displayText),
                        ("NHS number", patient.nhsNumber.formatted), ("Postcode", patient.postcode?.text ?? "Not held"),
                        ("Sex", patient.sex?.displayName ?? "Not held"),
                    ]),
                    .p(.text(differences.isEmpty
                        ? "Everything the patient gave matches."
                        : "Differs from what the patient gave: \(differences.joined(separator: ", ")). Check with the patient before confirming.")))
            }
        }

        private func button(_ action: TriageAction, _ label: String) -> Node<HTML.BodyContext> {
            .form(.action(action.url(id).path), .method(.post), Components.csrfField(csrf),
                  .button(.type(.submit), .class("button button--secondary"), .text(label)))
        }
    }
}
