import Domain
import Fluent
import Foundation
import Plot

extension OnlineRequestSettings {
    /// The duty part of the settings: who is alerted, after how many minutes, and where urgent requests go while closed.
    struct Duty: Sendable {
        var clinicianID: UUID?
        /// As typed, so that a refused form shows it again.
        var minutes: String
        var providerID: UUID?

        init(clinicianID: UUID?, minutes: String, providerID: UUID?) {
            self.clinicianID = clinicianID
            self.minutes = minutes
            self.providerID = providerID
        }

        init(_ settings: ConsultSettings) {
            self.init(clinicianID: settings.dutyClinicianID, minutes: "\(settings.dutyAlertMinutes)", providerID: settings.outOfHoursProviderID)
        }
    }

    /// Whom the duty settings may name: clinicians engaged at the organisation today, and the services working for it
    /// today under a sharing agreement (the same services a request can be routed to).
    struct DutyChoices: Sendable {
        var clinicians: [(id: UUID, name: String)]
        var providers: [(id: UUID, name: String)]

        static let clinicalRoles: Set<StaffRole> = [.gp, .nurse, .pharmacist]
        /// An urgent request may wait from 1 to 240 minutes of opening hours before the duty clinician is alerted.
        static let minutes = 1...240

        static func load(organisationID: UUID, today: CalendarDay, on db: any Database) async throws -> DutyChoices {
            let engagements = try await Engagement.query(on: db).filter(\.$organisation.$id == organisationID).with(\.$person).all()
                .filter { $0.isActive(on: today) && clinicalRoles.contains($0.role) }
            var seen = Set<UUID>()
            let clinicians = engagements.compactMap { e -> (id: UUID, name: String)? in
                guard let id = e.person.id, seen.insert(id).inserted else { return nil }
                return (id, "\(e.person.name) (\(e.role.displayName))")
            }.sorted { $0.name < $1.name }
            let agreements = try await SharingAgreement.query(on: db).filter(\.$practice.$id == organisationID).all().filter { $0.isActive(on: today) }
            let providers = try await Organisation.query(on: db).filter(\.$id ~~ Set(agreements.map { $0.$provider.id })).sort(\.$name).all()
                .compactMap { org in org.id.map { (id: $0, name: "\(org.name) (\(org.odsCode))") } }
            return DutyChoices(clinicians: clinicians, providers: providers)
        }

        /// The duty settings from the form, or what is wrong with them.
        func read(clinician: String?, minutes: String?, provider: String?, saved: Duty) -> (Duty, [FormError]) {
            var errors: [FormError] = []
            let typedMinutes = (minutes ?? saved.minutes).trimmingCharacters(in: .whitespaces)
            if !(Int(typedMinutes).map(Self.minutes.contains) ?? false) {
                errors.append(.init(field: "dutyAlertMinutes", message: "Give the minutes as a whole number from 1 to 240"))
            }
            var clinicianID = saved.clinicianID
            if let text = clinician {
                clinicianID = UUID(uuidString: text)
                if !text.isEmpty, clinicianID.map({ id in !clinicians.contains { $0.id == id } }) ?? true {
                    errors.append(.init(field: "dutyClinician", message: "Choose a clinician who works here today"))
                }
            }
            var providerID = saved.providerID
            if let text = provider {
                providerID = UUID(uuidString: text)
                if !text.isEmpty, providerID.map({ id in !providers.contains { $0.id == id } }) ?? true {
                    errors.append(.init(field: "outOfHoursProvider", message: "Choose a service that works for this practice today"))
                }
            }
            return (Duty(clinicianID: clinicianID, minutes: typedMinutes, providerID: providerID), errors)
        }
    }
}

extension OnlineRequestSettings.View {
    /// The duty clinician, the minutes, and the out-of-hours provider.
    var dutyFields: Node<HTML.FormContext> {
        let duty = model.duty
        let choices = model.dutyChoices
        return .fieldset(
            .id("duty"), .class("fieldset"),
            .element(named: "legend", nodes: [.class("legend"), .text("Duty clinician and out of hours")]),
            .p(.class("hint"), .text("The duty clinician gets an email (and the queue shows a Duty alert) when an urgent request is still unclaimed after the minutes below of opening hours, when a reply is due within the hour, or when an urgent request arrives while the practice is closed and no out-of-hours provider is named. The email says the reference and how long, never what the patient wrote.")),
            Components.select(
                "dutyClinician", label: "Duty clinician",
                options: [("", "Nobody named")] + choices.clinicians.map { ($0.id.uuidString, $0.name) },
                selected: duty.clinicianID?.uuidString ?? "", errors: model.errors),
            Components.field(
                "dutyAlertMinutes", label: "Alert when an urgent request is unclaimed after (minutes of opening hours)", value: duty.minutes,
                errors: model.errors, extra: [.attribute(named: "inputmode", value: "numeric")]),
            Components.select(
                "outOfHoursProvider", label: "Out-of-hours provider for red-flagged and urgent requests sent while closed",
                options: [("", "None: alert the duty clinician")] + choices.providers.map { ($0.id.uuidString, $0.name) },
                selected: duty.providerID?.uuidString ?? "", errors: model.errors)
        )
    }
}
