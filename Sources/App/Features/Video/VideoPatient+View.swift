import Domain
import Foundation
import Plot

extension VideoPatient {
    /// The patient's (or guest's) page: a pre-call check, then the waiting room, then the call. Made for a phone.
    struct View {
        var model: Model
        var chrome: PageChrome

        var html: HTML {
            let consultation = model.consultation
            let participant = model.participant
            let token = model.token
            let layout = Layout("Video consultation", chrome: chrome)
            return layout.render([
                .h1(.text("Video consultation with \(model.practice)")),
                .p(.text("At \(VideoBooking.describe(consultation.slotAt)).")),
                .p(.strong(.text("This consultation is not recorded.")), .text(" Nothing to install: it runs in this browser.")),
                .div(
                    .id("video-call"), .data(named: "role", value: "patient"), .data(named: "self", value: participant.id),
                    .data(named: "signal", value: SiteURL.videoSignal(token: token).path),
                    .data(named: "ice", value: SiteURL.videoICE(token: token).path), .data(named: "state", value: consultation.callState.name),
                    .section(
                        .id("precall"), .attribute(named: "aria-labelledby", value: "precall-title"),
                        .h2(.id("precall-title"), .text("Before you join")),
                        .p(.text("We check that your camera, microphone and connection work. Your browser may ask you to allow them.")),
                        .ul(
                            .li(.id("check-camera"), .text("Camera: not checked yet")),
                            .li(.id("check-microphone"), .text("Microphone: not checked yet")),
                            .li(.id("check-network"), .text("Connection: not checked yet"))
                        ),
                        .button(.type(.button), .id("join"), .class("button"), .text("Join the waiting room")),
                        .noscript(.p(.text("Video consultations need JavaScript. Turn it on, or call the practice to be seen by phone.")))
                    ),
                    .section(
                        .id("waiting"), .attribute(named: "hidden", value: "hidden"),
                        .attribute(named: "aria-labelledby", value: "waiting-title"),
                        .h2(.id("waiting-title"), .text("You are in the waiting room")),
                        .p(.text("You are number "), .span(.id("waiting-place"), .text("–")), .text(" in line.")),
                        .p(.span(.id("waiting-estimate"), .text("Estimated wait: not known yet."))),
                        .p(.id("running-late"), .attribute(named: "role", value: "status"))
                    ),
                    .section(
                        .id("call"), .attribute(named: "hidden", value: "hidden"), .attribute(named: "aria-label", value: "The call"),
                        .div(.id("remote-videos"), .class("video-grid")),
                        .element(
                            named: "video",
                            nodes: [
                                .id("local-video"), .attribute(named: "muted", value: "muted"),
                                .attribute(named: "autoplay", value: "autoplay"),
                                .attribute(named: "playsinline", value: "playsinline"), .attribute(named: "aria-label", value: "Your camera"),
                            ]),
                        .div(
                            .class("call-actions"),
                            .button(.type(.button), .id("mute"), .class("button button--secondary"), .text("Mute")),
                            .button(.type(.button), .id("camera"), .class("button button--secondary"), .text("Camera off")),
                            .button(.type(.button), .id("audio-only"), .class("button button--secondary"), .text("Audio only")),
                            .button(.type(.button), .id("leave"), .class("button button--warning"), .text("Leave"))
                        )
                    ),
                    .p(.id("call-status"), .attribute(named: "role", value: "status"))
                ),
                layout.script(.videoScript),
            ])
        }
    }
}

extension VideoPatient {
    /// Before the patient's page shows anything: their date of birth, like a reply link. Works without JavaScript.
    enum Verify {
        struct View {
            var model: Model
            var errors: [FormError]
            var chrome: PageChrome

            var html: HTML {
                Layout("Video consultation", chrome: chrome).render([
                    .div(
                        .class("narrow"),
                        .h1(.text("Video consultation with \(model.practice)")),
                        .p(.text("To keep your details safe, first enter your date of birth.")),
                        Components.errorSummary(errors),
                        .form(
                            .action(SiteURL.videoVerify(token: model.token).path), .method(.post), .novalidate(),
                            Components.csrfField(chrome.csrf),
                            .div(DateOfBirthField.node(errors: errors)),
                            .button(.type(.submit), .class("button"), .text("Continue"))
                        )
                    )
                ])
            }
        }
    }
}
