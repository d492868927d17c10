import Domain
import Foundation
import Plot

extension EstateRequestShow {
    /// One request: its lines, the approval chain with each verdict, fulfilment, and what the viewer may do next.
    struct View {
        var model: Model
        var chrome: PageChrome

        var html: HTML {
            let request = model.request
            let lines = model.lines
            let events = model.events
            let decisions = model.decisions
            let next = model.next
            let pot = model.pot
            let errors = model.errors
            let editable = model.editable
            let name = model.name
            let layout = Layout("Request \(request.reference)", section: .estate, chrome: chrome)
            return layout.render([
                .p(.a(.href(SiteURL.estateRequests.path), .text("All requests"))),
                .h1(.text("\(request.kind == .claim ? "Claim" : "Request") \(request.reference)")),
                .unwrap(model.confirmation) { done in
                    .p(.class("notice"), .attribute(named: "role", value: "status"), .id("confirmation"), .text(done.text))
                },
                Components.errorSummary(errors),
                .p(.class("notice"), .id("request-status"), .text("Status: \(request.status.displayName)")),
                Components.summaryList([
                    ("Organisation", model.organisationName), ("Raised by", name(request.requesterID)),
                    ("Cost", EstateFormat.pounds(request.cost)),
                    ("Delegated limit", request.delegatedLimit.map(EstateFormat.pounds) ?? "Fixed on submission"),
                    (
                        "Funding pot",
                        pot.map { "\($0.name) (\(EstateFormat.pounds($0.allocation - $0.drawnDown)) left)" } ?? "Not chosen yet"
                    ),
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
                    .forEach(model.steps) { step in
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
                actions(csrf: layout.csrf),
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

        /// The buttons and forms for what the person looking may do next.
        private func actions(csrf: String) -> Node<HTML.BodyContext> {
            let request = model.request
            let lines = model.lines
            let next = model.mayDecide ? model.next : nil
            let pots = model.pots
            let currentPot = model.pot
            let errors = model.errors
            let id = request.id!
            let isRequester = model.isRequester
            let manages = model.manages
            var nodes: [Node<HTML.BodyContext>] = []
            if request.status == .draft, isRequester {
                nodes.append(Components.postButton("Submit for approval", to: .estateRequestSubmit(id: id), csrf: csrf))
            }
            let practiceManages = model.managesForRequester
            if [.draft, .awaitingApproval].contains(request.status), isRequester || practiceManages {
                nodes.append(Self.advanceButton("Withdraw", status: .withdrawn, id: id, csrf: csrf, style: "button--secondary"))
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
                case .approved: nodes.append(Self.advanceButton("Mark as ordered", status: .ordered, id: id, csrf: csrf))
                case .ordered:
                    nodes.append(
                        .form(
                            .action(SiteURL.estateRequestAdvance(id: id).path), .method(.post), Components.csrfField(csrf),
                            .input(.type(.hidden), .name("status"), .value(EstateRequestStatus.dispatched.rawValue)),
                            Components.field(
                                "tracking", label: "Tracking reference", hint: "The courier's reference, such as RM123456789GB",
                                errors: errors,
                                extra: [.required(true)]),
                            .button(.type(.submit), .class("button"), .text("Mark as dispatched"))
                        ))
                case .dispatched: nodes.append(Self.advanceButton("Mark as delivered", status: .delivered, id: id, csrf: csrf))
                case .accepted:
                    nodes.append(Self.advanceButton("Mark as returned", status: .returned, id: id, csrf: csrf, style: "button--secondary"))
                default: break
                }
            }
            if request.status == .delivered {
                for line in lines where line.acceptedAt == nil && (line.personID == model.viewerID || (line.personID == nil && isRequester))
                {
                    nodes.append(
                        .form(
                            .action(SiteURL.estateLineAccept(id: line.id!).path), .method(.post), Components.csrfField(csrf),
                            .button(
                                .type(.submit), .class("button"), .text("I have received my \(line.kind.displayName.lowercased())"))
                        ))
                }
            }
            return nodes.isEmpty ? .empty : .div(.class("actions"), .h2(.text("What you can do")), .group(nodes))
        }

        private static func advanceButton(_ label: String, status: EstateRequestStatus, id: UUID, csrf: String, style: String = "") -> Node<
            HTML.BodyContext
        > {
            .form(
                .class("inline-form"), .action(SiteURL.estateRequestAdvance(id: id).path), .method(.post), Components.csrfField(csrf),
                .input(.type(.hidden), .name("status"), .value(status.rawValue)),
                .button(.type(.submit), .class("button \(style)"), .text(label))
            )
        }
    }
}
