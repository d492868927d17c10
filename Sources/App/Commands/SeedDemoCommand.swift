import Domain
import Fluent
import Foundation
import Vapor

/// `surgery seed-demo`: a small ICB with practices, a PCN hub, OOH and UCC, and people in every role.
/// Passwords and TOTP secrets are printed (and written to a file when asked) so a newcomer can sign in.
struct SeedDemoCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "credentials-file", help: "Write the demo people's sign-in details to this JSON file")
        var credentialsFile: String?
    }

    var help: String { "Fills an empty database with demo organisations and people." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        if try await Organisation.query(on: app.db).filter(\.$odsCode == DemoData.icb.code).first() != nil {
            throw CommandLineProblem(description: "The demo data is there already. Start from an empty database to seed again.")
        }
        let hasher = app.passwords
        var credentials = try await DemoData.seed(on: app.db, hasher: hasher, box: app.secretBox, today: CalendarDay(Date()))
        try await ConsultDemoData.seed(on: app.db, practiceCodes: DemoData.practices.map(\.code), today: CalendarDay(Date()))
        credentials.videoConsultations = try await VideoDemoData.seed(on: app.db, practiceCode: DemoData.practices[0].code)
        try await EstateDemoData.seed(on: app.db, box: app.secretBox, today: CalendarDay(Date()))
        for person in credentials.people {
            context.console.print("\(person.name) <\(person.email)>  password: \(person.password)  TOTP secret: \(person.totpSecret)")
            context.console.print("    acting for: \(person.activeOrganisations.map { "\($0.name) as \($0.role)" }.joined(separator: "; "))")
        }
        if let path = signature.credentialsFile {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(credentials).write(to: URL(fileURLWithPath: path))
            context.console.print("Sign-in details written to \(path).")
        }
    }
}

/// The demo people's sign-in details.
struct DemoCredentials: Codable, Sendable {
    struct ActiveOrganisation: Codable, Sendable {
        var ods: String
        var name: String
        var role: String
    }

    struct DemoPerson: Codable, Sendable {
        var name: String
        var email: String
        var password: String
        var totpSecret: String
        var activeOrganisations: [ActiveOrganisation]
    }

    /// A video consultation booked for today, with the patient's link (the token is kept only here, for the demo).
    struct VideoConsultation: Codable, Sendable {
        var clinicianEmail: String
        var consultationID: String
        var patientLink: String
        var patientName: String
        /// "1990-07-02": what the patient's link asks before the call.
        var patientDateOfBirth: String
    }

    var people: [DemoPerson]
    var videoConsultations: [VideoConsultation]?
}
