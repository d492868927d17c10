import Domain
import Fluent
import Foundation

/// A practice's online-request settings page: opening hours, closed days, daily cap, reply promise, templates.
enum OnlineRequestSettings {
    /// What the form shows: the settings (saved, or as typed when refused), the templates, and the form's errors.
    struct Model: Sendable {
        var capacity: PracticeCapacity
        var acceptWhenClosed: Bool
        var templates: [MessageTemplateRecord]
        var errors: [FormError]
        /// The settings were saved just before: the page says so.
        var saved: Bool

        /// Checks the person may manage online requests, then reads the acting organisation's settings and templates;
        /// `typed` replaces the saved settings with a refused form's.
        static func load(
            for staff: StaffContext, typed: (capacity: PracticeCapacity, acceptWhenClosed: Bool)? = nil, errors: [FormError] = [],
            saved: Bool = false, on db: any Database
        ) async throws -> Model {
            try staff.require(.manageOnlineRequests)
            let id = try staff.actingOrganisation.requireID()
            let templates = try await MessageTemplateRecord.query(on: db).filter(\.$organisationID == id).sort(\.$name).all()
            if let typed {
                return Model(
                    capacity: typed.capacity, acceptWhenClosed: typed.acceptWhenClosed, templates: templates, errors: errors, saved: saved)
            }
            let (settings, capacity) = try await ConsultSettingsController.current(id, on: db)
            return Model(
                capacity: capacity, acceptWhenClosed: settings.acceptWhenClosed, templates: templates, errors: errors, saved: saved)
        }
    }
}
