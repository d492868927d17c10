import Domain
import Fluent
import Foundation
import Plot
import Vapor

/// A practice's online-request settings: opening hours (core hours at least), closures agreed with the ICB, reply
/// promise, what happens out of hours, templates.
enum ConsultSettingsController {
    struct SettingsForm: Content {
        var hours: [String: String]?
        var replyDays: String?
        var acceptWhenClosed: String?
        /// Sent with the NHS login checkbox, so that an unticked box (which sends nothing) is told from a form without it.
        var nhsLoginAsked: String?
        var offersNHSLogin: String?
        var dutyClinician: String?
        var dutyAlertMinutes: String?
        var outOfHoursProvider: String?
    }

    struct ClosureForm: Content {
        var closureDay: String?
        var closureReason: String?
        var closureAgreedBy: String?
    }

    struct ClosureRemoval: Content {
        var day: String?
    }

    struct TemplateForm: Content {
        var name: String?
        var body: String?
    }

    static let placeholders: Set<String> = ["name", "practice", "reference", "reply_link"]

    /// The practice's settings row (a new one when it has saved none).
    static func row(_ organisationID: UUID, on db: any Database) async throws -> ConsultSettings {
        try await ConsultSettings.query(on: db).filter(\.$organisationID == organisationID).first()
            ?? ConsultSettings(organisationID: organisationID)
    }

    @Sendable static func show(req: Request) async throws -> HTML {
        let done: String? =
            switch try? req.query.get(String.self, at: "saved") {
            case "closure": "Closure recorded. Patients are told the practice is closed that day."
            case "removed": "Closure removed."
            case nil: nil
            default: "Saved."
            }
        let model = try await OnlineRequestSettings.Model.load(
            for: try req.staff, done: done, bankHolidays: req.application.bankHolidays,
            nhsLoginAvailable: req.application.identityProviders[.nhsLogin] != nil, on: req.db)
        return OnlineRequestSettings.View(model: model, chrome: req.pageChrome).html
    }

    @Sendable static func save(req: Request) async throws -> Response {
        let staff = try req.staff
        try staff.require(.manageOnlineRequests)
        let id = try staff.actingOrganisation.requireID()
        let form = try req.content.decode(SettingsForm.self)
        var errors: [FormError] = []
        var hours: [Weekday: DailyHours] = [:]
        for day in Weekday.allCases {
            let opens = (form.hours?["\(day.rawValue)-opens"] ?? "").trimmingCharacters(in: .whitespaces)
            let closes = (form.hours?["\(day.rawValue)-closes"] ?? "").trimmingCharacters(in: .whitespaces)
            if opens.isEmpty && closes.isEmpty { continue }
            guard let range = DailyHours(opens: opens, closes: closes) else {
                errors.append(.init(field: "hours-\(day.rawValue)", message: "\(day.displayName): give opening and closing times like 08:00 and 18:30, closing after opening, or leave both empty when closed"))
                continue
            }
            hours[day] = range
        }
        let openingHours = OpeningHours(byWeekday: hours)
        for day in CoreHours.shortfall(of: openingHours) where !errors.contains(where: { $0.field == "hours-\(day.rawValue)" }) {
            errors.append(.init(field: "hours-\(day.rawValue)", message: "\(day.displayName): the form must be open at least 08:00 to 18:30 on working days (core hours). To close a day, record the ICB's agreement below"))
        }
        let replyDays = Int(form.replyDays ?? "") ?? 0
        if !(1...10).contains(replyDays) { errors.append(.init(field: "replyDays", message: "Promise a reply within 1 to 10 working days")) }
        let capacity = PracticeCapacity(openingHours: openingHours, replyPromise: .workingDays(max(1, replyDays)))
        let settings = try await row(id, on: req.db)
        settings.acceptWhenClosed = form.acceptWhenClosed == "yes"
        if form.nhsLoginAsked == "yes" { settings.offersNHSLogin = form.offersNHSLogin == "yes" }
        let choices = try await OnlineRequestSettings.DutyChoices.load(organisationID: id, today: staff.today, on: req.db)
        let (duty, dutyErrors) = choices.read(
            clinician: form.dutyClinician, minutes: form.dutyAlertMinutes, provider: form.outOfHoursProvider,
            saved: OnlineRequestSettings.Duty(settings))
        errors += dutyErrors
        guard errors.isEmpty else {
            var model = try await OnlineRequestSettings.Model.load(
                for: staff, typed: (capacity, settings.acceptWhenClosed, duty), errors: errors, bankHolidays: req.application.bankHolidays,
                nhsLoginAvailable: req.application.identityProviders[.nhsLogin] != nil, on: req.db)
            model.offersNHSLogin = settings.offersNHSLogin
            return .page(OnlineRequestSettings.View(model: model, chrome: req.pageChrome).html, status: .unprocessableEntity)
        }
        try settings.use(capacity)
        settings.dutyClinicianID = duty.clinicianID
        settings.dutyAlertMinutes = Int(duty.minutes) ?? DutyAlertRule.defaultUnclaimedMinutes
        settings.outOfHoursProviderID = duty.providerID
        let code = staff.actingOrganisation.odsCode
        try await req.db.writeTransaction { tx in
            try await settings.save(on: tx)
            try await req.audit(.consultSettingsChanged, recordType: "organisation", recordID: code, within: tx)
        }
        await req.application.practiceDirectory.forget(code: code)
        return req.redirect(to: SiteURL.consultSettings.path + "?saved=1", redirectType: .normal)
    }

    @Sendable static func addTemplate(req: Request) async throws -> Response {
        let staff = try req.staff
        try staff.require(.manageOnlineRequests)
        let id = try staff.actingOrganisation.requireID()
        let form = try req.content.decode(TemplateForm.self)
        var errors: [FormError] = []
        let name = (form.name ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if name.isEmpty || name.count > 80 { errors.append(.init(field: "name", message: "Give the template a name of up to 80 characters")) }
        var body = ""
        do { body = try FreeText.clean(form.body ?? "", limit: 1000) } catch { errors.append(.init(field: "body", message: error.message)) }
        if body.isEmpty && errors.allSatisfy({ $0.field != "body" }) { errors.append(.init(field: "body", message: "Write the message")) }
        let unknown = MessageTemplate.placeholders(in: body).map { $0.lowercased().replacingOccurrences(of: " ", with: "") }.filter { !placeholders.contains($0) }
        if !unknown.isEmpty { errors.append(.init(field: "body", message: "Unknown placeholder ((\(unknown[0]))): use ((name)), ((practice)), ((reference)) or ((reply_link))")) }
        guard errors.isEmpty else {
            let model = try await OnlineRequestSettings.Model.load(
                for: staff, errors: errors, bankHolidays: req.application.bankHolidays, on: req.db)
            return .page(OnlineRequestSettings.View(model: model, chrome: req.pageChrome).html, status: .unprocessableEntity)
        }
        let code = staff.actingOrganisation.odsCode
        let text = body
        try await req.db.writeTransaction { tx in
            try await MessageTemplateRecord(organisationID: id, name: name, body: text).create(on: tx)
            try await req.audit(.consultSettingsChanged, recordType: "organisation", recordID: code, detail: "template added", within: tx)
        }
        return req.redirect(to: SiteURL.consultSettings.path + "?saved=1", redirectType: .normal)
    }
}
