import Domain
import Foundation
import Plot

/// The video consultations of a triage request, on its page: those booked, and the form to book one.
struct VideoRequestSection {
    var requestID: UUID
    var videos: [VideoConsultation]
    var clinicians: [Person]
    var csrf: String
    var errors: [FormError]
    var canBook: Bool
    var staffID: UUID?
    /// When the page was made: the form suggests today, a quarter of an hour from then.
    var now: Date

    var node: Node<HTML.BodyContext> {
        let today = CalendarDay(now)
        let time = UKTime.clock(now.addingTimeInterval(15 * 60))
        return .group(
            .h2(.text("Video consultations")),
            .if(videos.isEmpty, .p(.text("None booked."))),
            .ul(
                .attribute(named: "data-testid", value: "video-consultations"),
                .forEach(videos) { video in
                    .li(
                        .text("\(VideoBooking.describe(video.slotAt)): \(video.callState.displayName)"),
                        .if(
                            video.clinicianID == staffID,
                            .group(.text(" – "), .a(.href(SiteURL.consultationCall(id: video.id!).path), .text("Open the call"))))
                    )
                }
            ),
            .if(
                canBook && !clinicians.isEmpty,
                .form(
                    .action(SiteURL.requestVideo(id: requestID).path), .method(.post), Components.csrfField(csrf),
                    Components.select(
                        "clinician", label: "Clinician",
                        options: clinicians.compactMap { person in person.id.map { ($0.uuidString, person.name) } },
                        selected: staffID?.uuidString, errors: errors),
                    Components.field("date", label: "Day", value: today.iso, type: .date, errors: errors),
                    Components.field("time", label: "Time", value: time, type: .time, errors: errors),
                    Components.select(
                        "channel", label: "Send the link by", options: [("sms", "Text message"), ("email", "Email")], selected: "sms",
                        errors: errors),
                    .button(.type(.submit), .class("button"), .text("Book a video consultation"))
                )
            )
        )
    }
}
