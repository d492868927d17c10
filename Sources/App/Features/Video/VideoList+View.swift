import Domain
import Foundation
import Plot

extension VideoList {
    /// The consultations of today and tomorrow morning, and the form to book one for a patient without a request.
    struct View {
        var model: Model
        var chrome: PageChrome

        var html: HTML {
            let layout = Layout("Video consultations", section: .consult, chrome: chrome)
            let clinicians = model.clinicians
            let consultations = model.consultations
            let form = model.form
            let errors = model.errors
            let me = model.me
            let names = Dictionary(uniqueKeysWithValues: clinicians.compactMap { person in person.id.map { ($0, person.name) } })
            let today = model.today
            return layout.render([
                .p(.a(.href(SiteURL.consult.path), .text("Triage queue"))),
                .h1(.text("Video consultations")),
                .unwrap(model.sentLink) { link in
                    .div(
                        .class("notice"), .attribute(named: "role", value: "status"),
                        .p(.text("Booked. The demo sends no messages: this is the link the patient would get.")),
                        .p(.id("patient-link"), .text(link)))
                },
                .if(consultations.isEmpty, .p(.text("None today."))),
                .table(
                    .class("table"), .caption(.text("Today and tomorrow morning")),
                    .thead(.tr(.th(.text("Time")), .th(.text("Patient")), .th(.text("Clinician")), .th(.text("State")), .th(.text("Call")))),
                    .tbody(
                        .forEach(consultations) { video in
                            .tr(
                                .td(.text(VideoBooking.describe(video.slotAt))), .td(.text(video.patientName)),
                                .td(.text(names[video.clinicianID] ?? "")), .td(.text(video.callState.displayName)),
                                .td(
                                    .if(
                                        video.clinicianID == me, .a(.href(SiteURL.consultationCall(id: video.id!).path), .text("Open the call"))
                                    ))
                            )
                        }
                    )
                ),
                .h2(.id("book"), .text("Book for a patient without an online request")),
                Components.errorSummary(errors),
                .form(
                    .action(SiteURL.videoConsultations.path), .method(.post), Components.csrfField(layout.csrf),
                    Components.field(
                        "patientName", label: "Patient's name", value: form.patientName ?? "", autocomplete: "off", errors: errors),
                    .div(DateOfBirthField.node(errors: errors, day: form.dobDay, month: form.dobMonth, year: form.dobYear)),
                    Components.field("mobile", label: "Mobile number", value: form.mobile ?? "", type: .tel, errors: errors),
                    Components.field("email", label: "Email address", value: form.email ?? "", type: .email, errors: errors),
                    Components.select(
                        "channel", label: "Send the link by", options: [("sms", "Text message"), ("email", "Email")],
                        selected: form.channel ?? "sms", errors: errors),
                    Components.select(
                        "clinician", label: "Clinician",
                        options: clinicians.compactMap { person in person.id.map { ($0.uuidString, person.name) } },
                        selected: form.clinician ?? me?.uuidString, errors: errors),
                    Components.field("date", label: "Day", value: form.date ?? today.iso, type: .date, errors: errors),
                    Components.field("time", label: "Time", value: form.time ?? "", type: .time, errors: errors),
                    .button(.type(.submit), .class("button"), .text("Book a video consultation"))
                ),
            ])
        }
    }
}
