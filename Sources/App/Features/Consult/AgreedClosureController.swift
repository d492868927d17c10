import Domain
import Fluent
import Foundation
import Vapor

/// Records and removes the working days a practice's online form is closed in core hours, each agreed with its ICB.
/// Both are audited with the day, the reason and who agreed.
enum AgreedClosureController {
    @Sendable static func record(req: Request) async throws -> Response {
        let staff = try req.staff
        try staff.require(.manageOnlineRequests)
        let id = try staff.actingOrganisation.requireID()
        let form = try req.content.decode(ConsultSettingsController.ClosureForm.self)
        let typedDay = (form.closureDay ?? "").trimmingCharacters(in: .whitespaces)
        let checked: Result<AgreedClosure, AgreedClosure.Problem>? = CalendarDay(typedDay).map {
            AgreedClosure.check(
                day: $0, reason: form.closureReason ?? "", agreedBy: form.closureAgreedBy ?? "", today: staff.today,
                bankHolidays: req.application.bankHolidays)
        }
        var errors: [FormError] = []
        switch checked {
        case nil: errors.append(.init(field: "closureDay", message: "Give the day like 2026-12-24"))
        case .failure(let problem)?: errors.append(.init(field: problem.field, message: problem.message))
        case .success(let closure)?:
            if try await AgreedClosureRecord.query(on: req.db).filter(\.$organisationID == id).filter(\.$day == closure.day).first() != nil {
                errors.append(.init(field: "closureDay", message: "\(closure.day.displayText) is already recorded as closed"))
            }
        }
        guard errors.isEmpty, case .success(let closure)? = checked else {
            let model = try await OnlineRequestSettings.Model.load(
                for: staff, errors: errors, closureTyped: form, bankHolidays: req.application.bankHolidays, on: req.db)
            return .page(OnlineRequestSettings.View(model: model, chrome: req.pageChrome).html, status: .unprocessableEntity)
        }
        let code = staff.actingOrganisation.odsCode
        let personID = try staff.person.requireID()
        try await req.db.writeTransaction { tx in
            try await AgreedClosureRecord(organisationID: id, closure: closure, recordedByID: personID).create(on: tx)
            try await req.audit(
                .closureRecorded, recordType: "organisation", recordID: code,
                detail: "\(closure.day.iso): \(closure.reason); agreed by \(closure.agreedBy)", within: tx)
        }
        await req.application.practiceDirectory.forget(code: code)
        return req.redirect(to: SiteURL.consultSettings.path + "?saved=closure#closures", redirectType: .normal)
    }

    @Sendable static func remove(req: Request) async throws -> Response {
        let staff = try req.staff
        try staff.require(.manageOnlineRequests)
        let id = try staff.actingOrganisation.requireID()
        let form = try req.content.decode(ConsultSettingsController.ClosureRemoval.self)
        guard let day = CalendarDay(form.day ?? ""),
            let record = try await AgreedClosureRecord.query(on: req.db).filter(\.$organisationID == id).filter(\.$day == day).first()
        else { throw Abort(.notFound, reason: "There is no closure on that day to remove.") }
        let code = staff.actingOrganisation.odsCode
        try await req.db.writeTransaction { tx in
            try await record.delete(on: tx)
            try await req.audit(
                .closureRemoved, recordType: "organisation", recordID: code,
                detail: "\(day.iso): \(record.reason); agreed by \(record.agreedBy)", within: tx)
        }
        await req.application.practiceDirectory.forget(code: code)
        return req.redirect(to: SiteURL.consultSettings.path + "?saved=removed#closures", redirectType: .normal)
    }
}
