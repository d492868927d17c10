import Domain
import Fluent
import Foundation
import Plot
import Vapor

/// The request pages: the pipeline with a new request form, and one request with its chain and fulfilment.
enum EstateRequestPages {
    static func pipeline(req: Request, staff: StaffContext, form: EstateRequestForm, errors: [FormError]) async throws -> HTML {
        let scope = try await EstateScope.load(for: staff, on: req.db)
        var query = EstateRequest.query(on: req.db)
        if let visible = scope.visible { query = query.filter(\.$organisationID ~~ visible) }
        // a draft is the practice's own until it is submitted
        if !scope.isProvider { query = query.filter(\.$status != KitRequestStatus.draft) }
        let requests = try await query.sort(\.$createdAt, .descending).limit(500).all()
        let awaiting = requests.filter { $0.status == .awaitingApproval }
        let events = try await EstateRequestEvent.query(on: req.db).filter(\.$requestID ~~ awaiting.compactMap(\.id)).all()
        let mine = awaiting.filter { request in
            let decisions = events.filter { $0.requestID == request.id }.compactMap(\.decision)
            let chain = ApprovalChain(delegatedLimit: request.delegatedLimit ?? EstateSettings.standardDelegatedLimit)
            guard let next = chain.nextStep(for: request.approvalRequest, after: decisions) else { return false }
            return staff.approvalSteps(for: request, scope: scope).contains(next)
        }
        let names = try await EstateRequestPages.organisationNames(Set(requests.map(\.organisationID)), on: req.db)
        let counts = KitRequestStatus.allCases.map { status in (status, requests.filter { $0.status == status }.count) }
        let people = scope.isProvider ? try await EstateRequestForm.staff(at: staff.actingOrganisation, on: req.db, today: staff.today) : []
        let layout = Layout("Requests for kit", section: .estate, request: req)
        return layout.render([
            .p(.a(.href(SiteURL.estate.path), .text("Digital estate"))),
            .h1(.text("Requests for kit and claims")),
            .h2(.text("Waiting for your decision")),
            mine.isEmpty
                ? .p(.id("waiting-for-you"), .text("Nothing is waiting for you.")) : table(mine, names: names, id: "waiting-for-you"),
            .h2(.text("The pipeline")),
            EstateBarChart(
                id: "pipeline", title: "Requests at each stage",
                bars: counts.filter { $0.1 > 0 }.map { .init(label: $0.0.displayName, value: $0.1, total: nil, text: "\($0.1)") },
                scale: max(counts.map(\.1).max() ?? 1, 1), target: nil, targetLabel: nil
            ).node,
            requests.isEmpty ? .p(.text("No requests yet.")) : table(requests, names: names, id: "all-requests"),
            .if(scope.isProvider, newRequestForm(form, people: people, errors: errors, csrf: layout.csrf)),
        ])
    }

    static func organisationNames(_ ids: Set<UUID>, on db: any Database) async throws -> [UUID: String] {
        let organisations = try await Organisation.query(on: db).filter(\.$id ~~ ids).all()
        return Dictionary(organisations.compactMap { org in org.id.map { ($0, org.name) } }, uniquingKeysWith: { a, _ in a })
    }

    private static func table(_ requests: [EstateRequest], names: [UUID: String], id: String) -> Node<HTML.BodyContext> {
        .div(
            .class("table-wrap"),
            .table(
                .class("table"), .id(id), .caption(.text(id == "waiting-for-you" ? "Requests you can decide" : "Recent requests")),
                .thead(
                    .tr(.th(.text("Reference")), .th(.text("Organisation")), .th(.text("Kind")), .th(.text("Cost")), .th(.text("Status")))),
                .tbody(
                    .forEach(requests) { request in
                        .tr(
                            .td(.a(.href(SiteURL.estateRequest(id: request.id!).path), .text(request.reference))),
                            .td(.text(names[request.organisationID] ?? "")),
                            .td(.text(request.kind == .claim ? "Claim" : "Kit")),
                            .td(.text(EstateFormat.pounds(request.cost))), .td(.text(request.status.displayName)))
                    })
            ))
    }

    private static func newRequestForm(_ form: EstateRequestForm, people: [Person], errors: [FormError], csrf: String) -> Node<
        HTML.BodyContext
    > {
        let kinds = [("", "—")] + AssetKind.allCases.map { ($0.rawValue, "\($0.displayName) (\(EstateFormat.pounds($0.typicalUnitCost)))") }
        let persons = [("", "Not for one person")] + people.map { ($0.id?.uuidString ?? "", $0.name) }
        return .group(
            .h2(.id("new-request"), .text("Ask for kit")),
            Components.errorSummary(errors),
            .form(
                .action(SiteURL.estateRequests.path), .method(.post), Components.csrfField(csrf),
                .forEach(form.entries) { entry in
                    .fieldset(
                        .class("fieldset"), .element(named: "legend", nodes: [.class("legend"), .text("Line \(entry.index)")]),
                        Components.select("kind\(entry.index)", label: "Kind", options: kinds, selected: entry.kind, errors: errors),
                        Components.field("quantity\(entry.index)", label: "How many", value: entry.quantity, errors: errors),
                        Components.select("person\(entry.index)", label: "For", options: persons, selected: entry.person, errors: errors)
                    )
                },
                Components.textArea("justification", label: "Why it is needed", value: form.justification, errors: errors),
                .button(.type(.submit), .class("button"), .text("Save as a draft"))
            )
        )
    }
}
