import Domain
import Fluent
import Foundation
import Vapor

/// `surgery api-token create --organisation ODS --email MAKER --name NAME [--access read_only|read_write]
/// [--areas all|organisations,audit,requests,estate] [--days 90]`: makes an API token as the tokens page does, in the
/// name of a person who may manage tokens at that organisation today, and prints its secret once.
struct APITokenCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "create")
        var action: String
        @Option(name: "organisation", help: "ODS code of the organisation the token answers for")
        var organisation: String?
        @Option(name: "email", help: "Email of its maker: a practice manager or commissioner IT lead engaged there today")
        var email: String?
        @Option(name: "name", help: "Name of the token, such as the system that will use it")
        var name: String?
        @Option(name: "access", help: "read_only (default) or read_write")
        var access: String?
        @Option(name: "areas", help: "Comma-separated areas (organisations, audit, requests, estate), or all")
        var areas: String?
        @Option(name: "days", help: "Days it works, 1 to 365 (default 90)")
        var days: String?
    }

    var help: String { "Makes an API token and prints it once: `surgery api-token create --organisation L81101 --email … --name … --areas all`." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "create" else {
            throw CommandLineProblem(description: "Unknown api-token action '\(signature.action)'. Use: surgery api-token create --organisation ODS --email MAKER --name NAME")
        }
        let areas = (signature.areas ?? "").lowercased() == "all"
            ? APIArea.allCases.map(\.rawValue)
            : (signature.areas ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let draft = APITokenDraft(
            name: signature.name, access: signature.access ?? APITokenAccess.readOnly.rawValue, areas: areas,
            lifetimeDays: signature.days ?? String(APITokenLifetime.defaultDays))
        let checked: APITokenDraft.Checked
        do { checked = try draft.validate() } catch {
            let options = ["name": "--name", "access": "--access", "areas": "--areas", "lifetimeDays": "--days"]
            throw CommandLineProblem(description: error.all.map { "\(options[$0.field] ?? $0.field): \($0.message)" }.joined(separator: "\n"))
        }
        let app = context.application
        let code = (signature.organisation ?? "").uppercased()
        guard let organisation = try await Organisation.query(on: app.db).filter(\.$odsCode == code).first() else {
            throw CommandLineProblem(description: "--organisation: there is no organisation with ODS code '\(code)'. Nothing was made.")
        }
        let email = (signature.email ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        guard let maker = try await Person.query(on: app.db).filter(\.$email == email).first() else {
            throw CommandLineProblem(description: "--email: there is no account for '\(email)'. Nothing was made.")
        }
        let today = CalendarDay(Date())
        let roles = try await Engagement.query(on: app.db).filter(\.$person.$id == maker.requireID())
            .filter(\.$organisation.$id == organisation.requireID()).all()
            .filter { $0.isActive(on: today) }.map(\.role)
        guard StaffRole.permissions(for: roles).contains(.manageAPITokens) else {
            throw CommandLineProblem(description: "\(email) may not make API tokens for \(organisation.name) today: that needs an active engagement there as a practice manager or commissioner IT lead. Nothing was made.")
        }
        let organisationID = try organisation.requireID()
        let makerID = try maker.requireID()
        let trail = app.auditTrail
        let (token, secret) = try await app.db.writeTransaction { tx in
            let (token, secret) = try await APITokenController.issue(checked, organisationID: organisationID, makerID: makerID, on: tx, now: Date())
            _ = try await trail.append(
                AuditRecord(action: .apiTokenCreated, actorID: makerID, organisationID: organisationID, recordType: "api_token",
                            recordID: token.id?.uuidString, detail: APITokenController.auditDetail(token) + "; made on the command line"),
                within: tx)
            return (token, secret)
        }
        context.console.print(secret)
        context.console.info("\(checked.scope.summary), for \(organisation.name); expires at \(token.expiry.momentText). It is not shown again.")
    }
}
