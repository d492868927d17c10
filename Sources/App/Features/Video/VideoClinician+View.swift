import Domain
import Foundation
import Plot

extension VideoClinician {
    /// The clinician's page of one consultation.
    struct View {
        var model: Model
        var chrome: PageChrome

        var html: HTML {
            let consultation = model.consultation
            let errors = model.errors
            let layout = Layout("Video: \(consultation.patientName)", section: .consult, chrome: chrome)
            let id = consultation.id!
            let state = consultation.callState
            return layout.render([
                .unwrap(consultation.requestID) { .p(.a(.href(SiteURL.triageRequest(id: $0).path), .text("Back to the request"))) },
                .h1(.text("Video consultation: \(consultation.patientName)")),
                .p(.text("At \(VideoBooking.describe(consultation.slotAt)). \(state.displayName). Not recorded.")),
                .unwrap(consultation.phoneNumber) { .div(.class("notice"), .p(.text("Switched to phone: call \($0)."))) },
                Components.errorSummary(errors),
                .div(
                    .id("video-call"), .data(named: "role", value: "clinician"), .data(named: "self", value: "clinician"),
                    .data(named: "signal", value: SiteURL.consultationSignal(id: id).path),
                    .data(named: "ice", value: SiteURL.consultationICE(id: id).path), .data(named: "state", value: state.name),
                    // an ended consultation has nobody to admit, mute or keep waiting: only its status and forms
                    .if(
                        !state.isEnded,
                        .group(
                            .h2(.text("Waiting")),
                            .ul(.id("waiting-patients"), .attribute(named: "aria-live", value: "polite")),
                            .div(
                                .id("call-controls"),
                                .div(
                                    .class("call-actions"),
                                    .button(.type(.button), .id("admit"), .class("button"), .text("Admit")),
                                    .button(
                                        .type(.button), .id("send-back"), .class("button button--secondary"),
                                        .text("Send back to the waiting room")),
                                    .button(.type(.button), .id("mute"), .class("button button--secondary"), .text("Mute")),
                                    .button(.type(.button), .id("camera"), .class("button button--secondary"), .text("Camera off")),
                                    .button(
                                        .type(.button), .id("low-bandwidth"), .class("button button--secondary"), .text("Low bandwidth"))
                                ),
                                .div(
                                    .class("form-group"),
                                    .label(
                                        .class("label"), .for("running-late-text"), .text("Running late message to the patients waiting")),
                                    .input(
                                        .type(.text), .id("running-late-text"), .class("input"),
                                        .attribute(named: "maxlength", value: "200")),
                                    .button(
                                        .type(.button), .id("running-late"), .class("button button--secondary"),
                                        .text("Send running late message"))
                                )
                            ),
                            .div(.id("remote-videos"), .class("video-grid")),
                            .element(
                                named: "video",
                                nodes: [
                                    .id("local-video"), .attribute(named: "muted", value: "muted"),
                                    .attribute(named: "autoplay", value: "autoplay"),
                                    .attribute(named: "playsinline", value: "playsinline"),
                                    .attribute(named: "aria-label", value: "Your camera"),
                                ])
                        )),
                    .p(.id("call-status"), .attribute(named: "role", value: "status"))
                ),
                layout.script(.videoScript),
                Forms(
                    id: id, csrf: layout.csrf, ended: state.isEnded, guestLabel: model.guestLabel, guestLink: model.guestLink,
                    errors: errors
                ).node,
            ])
        }
    }

    /// The clinician's forms, which work without the script: a guest, switch to phone, end with an outcome.
    struct Forms {
        var id: UUID
        var csrf: String
        var ended: Bool
        var guestLabel: String?
        var guestLink: String?
        var errors: [FormError]

        var node: Node<HTML.BodyContext> {
            guard !ended else { return .p(.text("This consultation has ended.")) }
            let outcomes = ConsultationOutcome.allCases.filter { $0 != .switchedToPhone }.map { ($0.rawValue, $0.displayName) }
            return .group(
                .h2(.text("Add a guest")),
                .unwrap(guestLink) { link in
                    .div(
                        .class("notice"), .p(.text("Send this link to \(guestLabel ?? "the guest"); it works once the call has started:")),
                        .p(.id("guest-link"), .text(link)))
                },
                .if(guestLabel != nil && guestLink == nil, .p(.text("Guest invited: \(guestLabel ?? "")."))),
                .form(
                    .action(SiteURL.consultationGuests(id: id).path), .method(.post), Components.csrfField(csrf),
                    Components.field(
                        "label", label: "Who is the guest?", hint: "For example: Interpreter (Polish), or the patient's carer",
                        errors: errors),
                    .button(.type(.submit), .class("button button--secondary"), .text("Add a guest"))
                ),
                .h2(.text("Switch to phone")),
                .form(
                    .action(SiteURL.consultationPhone(id: id).path), .method(.post), Components.csrfField(csrf),
                    Components.field("phone", label: "Number you will call", type: .tel, errors: errors),
                    .button(.type(.submit), .class("button button--secondary"), .text("Switch to phone"))
                ),
                .h2(.text("End the consultation")),
                .form(
                    .action(SiteURL.consultationEnd(id: id).path), .method(.post), Components.csrfField(csrf),
                    Components.select(
                        "outcome", label: "Outcome", options: [("", "Choose an outcome")] + outcomes, selected: nil, errors: errors),
                    .button(.type(.submit), .class("button"), .text("End consultation"))
                )
            )
        }
    }
}
