import Domain
import Fluent
import Foundation

/// Video consultations for the demo: Dr Amara Okafor sees three of Riverside's patients within the next half hour,
/// so that their links open at once.
enum VideoDemoData {
    static let clinicianEmail = "amara.okafor@demo.nhs.uk"

    static func seed(on db: any Database, practiceCode: String, now: Date = Date()) async throws -> [DemoCredentials.VideoConsultation] {
        guard let practice = try await Organisation.query(on: db).filter(\.$odsCode == practiceCode).first(),
            let clinician = try await Person.query(on: db).filter(\.$email == clinicianEmail).first()
        else { return [] }
        let requests = try await TriageRequest.query(on: db).filter(\.$practiceID == practice.requireID())
            .filter(\.$status ~~ [TriageStatus.new, .inTriage]).filter(\.$redFlagged == false)
            .sort(\.$receivedAt).limit(3).all()
        var booked: [DemoCredentials.VideoConsultation] = []
        for (index, request) in requests.enumerated() {
            let token = SecretToken.generate()
            let consultation = VideoConsultation(
                organisationID: try practice.requireID(), clinicianID: try clinician.requireID(), requestID: try request.requireID(),
                patientName: request.patientName, patientDateOfBirth: request.dateOfBirth, slotAt: now.addingTimeInterval(Double(5 + index * 10) * 60),
                bookedByID: try clinician.requireID(),
                now: now)
            try await consultation.create(on: db)
            try await VideoLink(
                consultationID: consultation.requireID(), tokenDigest: SecretToken.digest(token), participant: .patient, label: nil,
                now: now
            )
            .create(on: db)
            request.status = TriageStatus.booked
            request.bookingMode = BookingMode.video
            try await request.save(on: db)
            booked.append(
                .init(
                    clinicianEmail: clinicianEmail, consultationID: try consultation.requireID().uuidString,
                    patientLink: SiteURL.videoJoin(token: token).path,
                    patientName: request.patientName, patientDateOfBirth: request.dateOfBirth.iso))
        }
        return booked
    }
}
