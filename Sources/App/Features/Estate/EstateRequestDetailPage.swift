import Domain
import Fluent
import Foundation
import Plot
import Vapor

extension EstateRequestPages {
    /// One request: its lines, the approval chain with each verdict, fulfilment, and what the viewer may do next.
    static func detail(_ request: EstateRequest, req: Request, staff: StaffContext, errors: [FormError] = []) async throws -> HTML {
        let id = try request.requireID()
        let lines = try await EstateRequestLine.query(on: req.db).filter(\.$requestID == id).sort(\.$position).all()
        let events = try await EstateRequestEvent.query(on: req.db).filter(\.$requestID == id).sort(\.$at).all()
        let peopleIDs = Set(lines.compactMap(\.personID) + events.map(\.byID) + [request.requesterID])
        let people = try await Person.query(on: req.db).filter(\.$id ~~ peopleIDs).all()
        let name = { (id: UUID?) in id.flatMap { id in people.first { $0.id == id }?.name } ?? "—" }
        let organisation = try await Organisation.find(request.organisationID, on: req.db)
        let pot = try await request.potID.asyncMap { try await EstateFundingPot.find($0, on: req.db) } ?? nil
        let scope = try await EstateScope.load(for: staff, on: req.db)
        let chain = ApprovalChain(delegatedLimit: request.delegatedLimit ?? EstateSettings.standardDelegatedLimit)
        let decisions = events.compactMap(\.decision)
        let next = request.status == .awaitingApproval ? chain.nextStep(for: request.approvalRequest, after: decisions) : nil
        let mayDecide = next.map { staff.approvalSteps(for: request, scope: scope).contains($0) } ?? false
        let pots =
            mayDecide
            ? try await EstateFundingPot.query(on: req.db).filter(\.$ownerID == staff.actingOrganisation.requireID()).sort(\.$name).all()
            : []
        /// A draft of the person's own with lines to spare: each line can be removed instead of showing when it was accepted.
        let editable = request.status == .draft && request.requesterID == staff.person.id && lines.count > 1
        let layout = Layout("Request \(request.reference)", section: .estate, request: req)
        return layout.render([
            .p(.a(.href(SiteURL.estateRequests.path), .text("All requests"))),
            .h1(.text("\(request.kind == .claim ? "Claim" : "Request") \(request.reference)")),
            .unwrap(Confirmation(rawValue: (try? req.query.get(String.self, at: "done")) ?? "")) { done in
                .p(.class("notice"), .attribute(named: "role", value: "status"), .id("confirmation"), .text(done.text))
            },
            Components.errorSummary(errors),
            .p(.class("notice"), .id("request-status"), .text("Status: \(request.status.displayName)")),
            Components.summaryList([
                ("Organisation", organisation?.name ?? ""), ("Raised by", name(request.requesterID)),
                ("Cost", EstateFormat.pounds(request.cost)),
                ("Delegated limit", request.delegatedLimit.map(EstateFormat.pounds) ?? "Fixed on submission"),
                ("Funding pot", pot.map { "\($0.name) (\(EstateFormat.pounds($0.allocation - $0.drawnDown)) left)" } ?? "Not chosen yet"),
                ("Tracking reference", request.tracking ?? "—"), ("Justification", request.justification),
            ]),
            .h2(.text("Lines")),
            .div(
                .class("table-wrap"),
                .table(
                    .class("table"), .caption(.text("What is asked for")),
                    .thead(
                        .tr(
                            .th(.text("Kind")), .th(.text("How many")), .th(.text("For")), .th(.text("Cost")),
                            .th(.text(editable ? "Change" : "Accepted")))),
                    .tbody(
                        .forEach(lines) { line in
                            .tr(
                                .td(.text(line.kind.displayName)), .td(.text("\(line.quantity)")), .td(.text(name(line.personID))),
                                .td(.text(EstateFormat.pounds(line.quantity * line.unitCost))),
                                .td(
                                    editable
                                        ? .form(
                                            .class("inline-form"), .action(SiteURL.estateLineRemove(id: line.id!).path), .method(.post),
                                            Components.csrfField(layout.csrf),
                                            .button(
                                                .type(.submit), .class("button button--secondary"),
                                                .text("Remove"),
                                                .span(
                                                    .class("visually-hidden"),
                                                    .text(" \(line.kind.displayName.lowercased()) for \(name(line.personID))"))))
                                        : .text(line.acceptedAt.map(EstateFormat.when) ?? "—")))
                        })
                )),
            .h2(.text("Approval")),
            .ol(
                .id("approval-chain"),
                .forEach(chain.steps(for: request.approvalRequest)) { step in
                    let decision = decisions.first { $0.step == step }
                    return .li(
                        .text(
                            "\(step.displayName): "
                                + (decision.map { "\($0.verdict == .approved ? "approved" : "rejected") by \(name($0.approverID))" }
                                    ?? (step == next ? "waiting" : "not yet"))))
                }),
            .if(
                request.approvalRequest.raisedByPracticeManager,
                .p(.class("hint"), .text("Raised by the practice manager: their request is the practice's endorsement."))),
            actions(
                request, lines: lines, staff: staff, next: mayDecide ? next : nil, pots: pots, currentPot: pot, csrf: layout.csrf,
                errors: errors),
            .h2(.text("History")),
            .ul(
                .id("request-history"),
                .forEach(events) { event in
                    .li(
                        .text(
                            "\(EstateFormat.when(event.at)) – \(name(event.byID)): "
                                + event.status.displayName
                                + (event.step.map { " (\($0.displayName) \(event.verdict?.rawValue ?? ""))" } ?? "")
                                + (event.note.map { " – \($0)" } ?? "")))
                }),
        ])
    }

    private static func actions(
        _ request: EstateRequest, lines: [EstateRequestLine], staff: StaffContext, next: ApprovalStep?, pots: [EstateFundingPot],
        currentPot: EstateFundingPot?, csrf: String, errors: [FormError]
    ) -> Node<HTML.BodyContext> {
        let id = request.id!
        let isRequester = request.requesterID == staff.person.id
        let manages = staff.can(.manageEstate)
        var nodes: [Node<HTML.BodyContext>] = []
        if request.status == .draft, isRequester {
            nodes.append(Components.postButton("Submit for approval", to: .estateRequestSubmit(id: id), csrf: csrf))
        }
        let practiceManages = manages && staff.actingOrganisation.id == request.organisationID
        if [.draft, .awaitingApproval].contains(request.status), isRequester || practiceManages {
            nodes.append(advanceButton("Withdraw", status: .withdrawn, id: id, csrf: csrf, style: "button--secondary"))
        }
        if let next {
            var potOptions = pots.map { ($0.id!.uuidString, "\($0.name): \(EstateFormat.pounds($0.allocation - $0.drawnDown)) left") }
            if let currentPot, !pots.contains(where: { $0.id == currentPot.id }) {
                potOptions.insert(
                    (
                        currentPot.id!.uuidString,
                        "Keep \(currentPot.name), as chosen by the commissioner: \(EstateFormat.pounds(currentPot.allocation - currentPot.drawnDown)) left"
                    ), at: 0)
            }
            nodes.append(
                .form(
                    .id("decide"), .action(SiteURL.estateRequestDecide(id: id).path), .method(.post), Components.csrfField(csrf),
                    .input(.type(.hidden), .name("step"), .value(next.rawValue)),
                    .h3(.text("Your decision at the \(next.inSentence) step")),
                    .if(
                        next != .practiceManager,
                        Components.select("pot", label: "Funding pot", options: potOptions, selected: potOptions.first?.0)),
                    Components.field("note", label: "Note (optional)"),
                    .button(.type(.submit), .name("verdict"), .value("approved"), .class("button"), .text("Approve")),
                    .button(.type(.submit), .name("verdict"), .value("rejected"), .class("button button--warning"), .text("Reject"))
                ))
        }
        if manages, request.kind == .kit {
            switch request.status {
            case .approved: nodes.append(advanceButton("Mark as ordered", status: .ordered, id: id, csrf: csrf))
            case .ordered:
                nodes.append(
                    .form(
                        .action(SiteURL.estateRequestAdvance(id: id).path), .method(.post), Components.csrfField(csrf),
                        .input(.type(.hidden), .name("status"), .value(KitRequestStatus.dispatched.rawValue)),
                        Components.field(
                            "tracking", label: "Tracking reference", hint: "The courier's reference, such as RM123456789GB", errors: errors,
                            extra: [.required(true)]),
                        .button(.type(.submit), .class("button"), .text("Mark as dispatched"))
                    ))
            case .dispatched: nodes.append(advanceButton("Mark as delivered", status: .delivered, id: id, csrf: csrf))
            case .accepted:
                nodes.append(advanceButton("Mark as returned", status: .returned, id: id, csrf: csrf, style: "button--secondary"))
            default: break
            }
        }
        if request.status == .delivered {
            for line in lines where line.acceptedAt == nil && (line.personID == staff.person.id || (line.personID == nil && isRequester)) {
                nodes.append(
                    .form(
                        .action(SiteURL.estateLineAccept(id: line.id!).path), .method(.post), Components.csrfField(csrf),
                        .button(.type(.submit), .class("button"), .text("I have received my \(line.kind.displayName.lowercased())"))
                    ))
            }
        }
        return nodes.isEmpty ? .empty : .div(.class("actions"), .h2(.text("What you can do")), .group(nodes))
    }

    private static func advanceButton(_ label: String, status: KitRequestStatus, id: UUID, csrf: String, style: String = "") -> Node<
        HTML.BodyContext
    > {
        .form(
            .class("inline-form"), .action(SiteURL.estateRequestAdvance(id: id).path), .method(.post), Components.csrfField(csrf),
            .input(.type(.hidden), .name("status"), .value(status.rawValue)),
            .button(.type(.submit), .class("button \(style)"), .text(label))
        )
    }
}

/// What the request page confirms after an action, named in the redirect's `done`.
enum Confirmation: String {
    case drafted, submitted, approved, rejected, ordered, dispatched, delivered, returned, withdrawn, removed

    var text: String {
        switch self {
        case .drafted: "Draft saved. Check the lines, remove any that are not needed, then submit it."
        case .submitted: "Submitted. The approvers have been told."
        case .approved: "Approved. The people concerned have been told."
        case .rejected: "Rejected. The people concerned have been told."
        case .ordered: "Recorded as ordered: kit in stock was allocated and the rest put on order."
        case .dispatched: "Recorded as dispatched with its tracking reference."
        case .delivered: "Recorded as delivered. Each person accepts their kit on their own estate page."
        case .returned: "Recorded as returned."
        case .withdrawn: "Withdrawn."
        case .removed: "Line removed; the cost is updated."
        }
    }
}
