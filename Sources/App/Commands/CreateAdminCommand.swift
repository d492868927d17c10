import Domain
import Fluent
import Foundation
import Vapor

/// `surgery create-admin --email E --name N`: the first system administrator, with a generated password.
/// The second factor is enrolled at first sign-in.
struct CreateAdminCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "email", help: "Email address to sign in with")
        var email: String?
        @Option(name: "name", help: "Full name")
        var name: String?
        @Option(name: "organisation", help: "ODS code of the national organisation (default X24)")
        var organisation: String?
    }

    var help: String { "Creates a system administrator and prints a one-time password." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let email = (signature.email ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        let name = (signature.name ?? "").trimmingCharacters(in: .whitespaces)
        guard InvitationDraft.looksLikeEmail(email) else {
            throw CommandLineProblem(description: "Give an email address: surgery create-admin --email you@nhs.net --name \"Your Name\"")
        }
        guard !name.isEmpty, name.count <= 200 else {
            throw CommandLineProblem(description: "Give a name of up to 200 characters: --name \"Your Name\"")
        }
        let code: ODSCode
        do { code = try ODSCode(signature.organisation ?? "X24", kind: .national) } catch {
            throw CommandLineProblem(description: "--organisation: \(error.message)")
        }
        if try await Person.query(on: app.db).filter(\.$email == email).first() != nil {
            throw CommandLineProblem(description: "There is already an account for \(email). Nothing was changed.")
        }
        let password = Passphrase.generate()
        let hash = try await app.passwords.hash(password)
        try await app.db.writeTransaction { tx in
            let org = try await Organisation.query(on: tx).filter(\.$odsCode == code.value).first()
                ?? Organisation(odsCode: code.value, name: "NHS England", kind: .national)
            try await org.save(on: tx)
            let person = Person(name: name, email: email)
            person.passwordHash = hash
            try await person.create(on: tx)
            let period = try EngagementPeriod(starts: CalendarDay(Date()), ends: nil)
            try await Engagement(personID: person.requireID(), organisationID: org.requireID(), role: .systemAdmin, kind: .permanent, period: period).create(on: tx)
        }
        context.console.print("Created system administrator \(email).")
        context.console.print("Password: \(password)")
        context.console.print("Sign in and set up an authenticator app; then change nothing else until you have saved the recovery codes.")
    }
}

/// Memorable random passwords: four words from a small list plus digits.
enum Passphrase {
    static let words = [
        "amber", "badger", "cobalt", "delta", "ember", "falcon", "granite", "harbour", "indigo", "juniper", "kestrel",
        "lantern", "meadow", "nimbus", "orchard", "pebble", "quartz", "raven", "saffron", "thistle", "umber", "velvet",
        "willow", "yarrow", "zephyr", "beacon", "cinder", "dune", "fjord", "glacier", "heather", "island",
    ]

    static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let chosen = (0..<4).map { _ in words.randomElement(using: &generator)! }
        let alphabet = Array("abcdefghijkmnpqrstuvwxyz23456789")
        let tail = String((0..<6).map { _ in alphabet.randomElement(using: &generator)! })
        return chosen.joined(separator: "-") + "-" + tail
    }
}
