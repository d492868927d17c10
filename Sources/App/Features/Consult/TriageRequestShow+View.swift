import Domain
import Foundation
import Plot

extension TriageRequestShow {
    /// The request page: the patient's words and photos first, then its details, messages, notes and video, with the
    /// action forms in a column beside them on a wide screen (below them on a phone).
    struct View {
        var model: Model
        var chrome: PageChrome

        var html: HTML {
            let request = model.request
            let errors = model.errors
            let id = request.id ?? UUID()
            return Layout("Request \(request.reference)", section: .consult, chrome: chrome).render([
                .p(.a(.href(SiteURL.consult.path), .text("Back to the queue"))),
                .h1(.text("Request \(request.reference)")),
                .unwrap(model.done) { done in
                    .p(.class("notice"), .id("confirmation"), .attribute(named: "role", value: "status"), .text(done.doneText))
                },
                .if(request.redFlagged, .div(.class("notice notice--danger"), .attribute(named: "data-testid", value: "red-flags"),
                    .h2(.text("Red flags")), .p(.text("The patient answered yes to: \(request.redFlagSet.map(\.shortName).joined(separator: ", ")). They were told to call 999, or to contact the practice or 111 today.")))),
                Components.errorSummary(errors),
                .div(
                    .class(model.canAct && request.status != .closed ? "request-layout" : "request-layout request-layout--single"),
                    .div(
                        .class("request-main"),
                        .h2(.text("In the patient's words")),
                        .div(.class("patient-words"), .attribute(named: "data-testid", value: "patient-words"), .text(request.description)),
                        .if(!model.photos.isEmpty, .group(.h2(.text("Photos")), .ul(.class("photos"), .forEach(model.photos) { photo in
                            .li(.a(.href(SiteURL.requestPhoto(id: id, photoID: photo.id ?? UUID()).path),
                                   .img(.src(SiteURL.requestPhoto(id: id, photoID: photo.id ?? UUID()).path), .alt("Photo from the patient, \(photo.source == "reply" ? "sent with a reply" : "sent with the request")"), .class("photo"))))
                        }))),
                        .h2(.text("Details")),
                        Components.summaryList([
                            ("Status", request.status.displayName + (request.bookingMode.map { " (\($0.displayName))" } ?? "")),
                            ("Urgency", request.urgency.displayName), ("Assigned to", model.assigneeName ?? "Nobody yet"),
                            ("Received", time(request.receivedAt) + (request.receivedWhileClosed ? " (while closed)" : "")),
                            ("Reply promised by", time(request.replyBy)),
                            ("Type", request.kind.displayName + (request.adminTopic.map { ": \($0.displayName)" } ?? "")),
                            ("Sent by", request.subject.displayName),
                            ("Safety questions", request.screenVersion.map { "Version \($0)" } ?? "Not recorded"),
                            ("Patient", request.patientName + (request.identityConfirmed ? "" : " (identity not verified)")),
                            ("Date of birth", request.dateOfBirth.displayText),
                            ("Sex", request.sex?.displayName ?? "Not asked"), ("Postcode", request.postcode?.text ?? "Not asked"),
                            ("NHS number", request.nhsNumber.flatMap { try? NHSNumber($0) }?.formatted ?? "Not given"),
                            ("Mobile", request.mobile.map { $0 + (request.mobileVerified ? " (confirmed)" : " (not confirmed)") } ?? "Not given"),
                            ("Email", request.email ?? "Not given"),
                            ("Contact by", request.contactPreference.displayName),
                            ("Best times", request.bestTimes ?? "Any time"),
                        ]),
                        IdentitySection(model: model, id: id, csrf: chrome.csrf).node,
                        .h2(.text("Messages")),
                        .if(model.messages.isEmpty, .p(.text("No messages yet."))),
                        .ul(.class("messages"), .attribute(named: "data-testid", value: "messages"), .forEach(model.messages) { message in
                            .li(.class("message message--\(message.direction.rawValue)"),
                                .p(.class("hint"), .text("\(message.direction == .inbound ? "From the patient" : "To the patient by \(message.channel == .sms ? "text" : "email")"), \(time(message.createdAt)) – \(message.status.rawValue.replacingOccurrences(of: "-", with: " "))\(message.statusDetail.map { ": \($0)" } ?? "")")),
                                .p(.text(message.body)))
                        }),
                        .h2(.text("Notes")),
                        .ul(.forEach(model.notes) { note in .li(.text("\(note.author), \(time(note.note.createdAt)): \(note.note.text)")) }),
                        .if(request.status == .closed, .div(.class("notice"), .h2(.text("Closed")),
                            .p(.text("Outcome: \(request.outcome?.displayName ?? "–")\(request.outcomeNote.map { ". \($0)" } ?? "")")),
                            .p(.a(.href(SiteURL.requestSummary(id: id).path), .text("Summary for the record (text)")), .text(" · "),
                               .a(.href(SiteURL.requestFHIR(id: id).path), .text("FHIR bundle (JSON)"))))),
                        VideoRequestSection(requestID: id, videos: model.videos, clinicians: model.videoClinicians, csrf: chrome.csrf, errors: errors,
                            canBook: model.canAct && request.status != .closed, staffID: model.staffID, now: model.now).node
                    ),
                    .div(.class("request-side"),
                        .if(model.canAct && request.status != .closed, ActionForms(model: model, id: id, csrf: chrome.csrf).node)
                    )
                ),
            ])
        }

        /// "7 Dec 2026 14:33".
        private func time(_ date: Date) -> String { UKTime.stamp(date) }
    }
}
