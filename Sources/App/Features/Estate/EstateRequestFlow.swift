import Domain
import Fluent
import Foundation
import SQLKit

/// A request from draft to returned. Every step is checked by the Domain rules and written in one transaction
/// with its event and the notices to the people concerned. A decision locks the request's row and then its pot's
/// (PostgreSQL), so concurrent approvals can never draw one pot below zero.
struct EstateRequestFlow {
    let db: any Database
    let now: Date

    /// Creates a draft request with its lines; `raisedByManager` when the requester manages the practice.
    func createDraft(
        organisationID: UUID, requesterID: UUID, kind: EstateRequestKind, justification: String, lines: [DraftLine],
        assetIDs: [UUID?] = [], raisedByManager: Bool
    ) async throws -> UUID {
        do { try Fulfilment.validateLines(lines) } catch { throw EstateError.invalid(String(describing: error)) }
        return try await db.writeTransaction { tx in
            let request = EstateRequest(
                organisationID: organisationID, requesterID: requesterID, kind: kind, justification: justification,
                raisedByManager: raisedByManager)
            request.cost = Fulfilment.cost(of: lines)
            try await request.create(on: tx)
            let id = try request.requireID()
            for (position, line) in lines.enumerated() {
                let assetID = position < assetIDs.count ? assetIDs[position] : nil
                try await EstateRequestLine(requestID: id, position: position, line: line, assetID: assetID).create(on: tx)
            }
            try await EstateRequestEvent(requestID: id, at: now, byID: requesterID, status: .draft).create(on: tx)
            return id
        }
    }

    /// Sends a draft on to the approval chain, fixing its cost and the delegated limit it is judged against.
    func submit(_ requestID: UUID, by personID: UUID) async throws {
        try await db.writeTransaction { tx in
            let request = try await Self.lock(requestID, on: tx)
            guard request.requesterID == personID else {
                throw EstateError.notAllowed("Only the person who raised this request can submit it.")
            }
            try Self.check(request, to: .awaitingApproval, tracking: nil)
            let lines = try await EstateRequestLine.query(on: tx).filter(\.$requestID == requestID).all()
            do { try Fulfilment.validateLines(lines.map(\.draft)) } catch { throw EstateError.invalid(String(describing: error)) }
            request.cost = Fulfilment.cost(of: lines.map(\.draft))
            request.delegatedLimit = try await Self.delegatedLimit(for: request.organisationID, on: tx)
            let chain = ApprovalChain(delegatedLimit: request.delegatedLimit ?? EstateSettings.standardDelegatedLimit)
            request.status =
                Fulfilment.status(after: chain.outcome(for: request.approvalRequest, after: []), kind: request.kind)
            try await request.save(on: tx)
            try await EstateRequestEvent(requestID: requestID, at: now, byID: personID, status: .awaitingApproval).create(on: tx)
            try await notify(request, lines: lines, "\(request.reference) was submitted for approval.", on: tx)
            try await notifyApprovers(request, chain: chain, decisions: [], on: tx)
        }
    }

    /// Records an approver's verdict at `step`. The approval that completes the chain draws the cost from the pot.
    func decide(
        _ requestID: UUID, verdict: ApprovalVerdict, at step: ApprovalStep, by personID: UUID, potID: UUID?, note: String?
    ) async throws {
        try await db.writeTransaction { tx in
            let request = try await Self.lock(requestID, on: tx)
            if let potID { request.potID = potID }
            let events = try await EstateRequestEvent.query(on: tx).filter(\.$requestID == requestID).sort(\.$at).all()
            let decisions = events.compactMap(\.decision)
            let chain = ApprovalChain(delegatedLimit: request.delegatedLimit ?? EstateSettings.standardDelegatedLimit)
            guard request.status != .draft, request.status != .withdrawn else {
                throw EstateError.refused(
                    "\(request.reference) is \(request.status.displayName.lowercased()), not waiting for approval.")
            }
            let pot = try await request.potID.asyncMap { try await Self.lockPot($0, on: tx) }
            let updated: [ApprovalDecision]
            do {
                let recorded = try chain.recording(
                    verdict, at: step, by: personID, on: request.approvalRequest, after: decisions, drawingFrom: try pot?.pot)
                updated = recorded.decisions
                if let pot, let drawn = recorded.pot, drawn.drawnDown != pot.drawnDown {
                    pot.drawnDown = drawn.drawnDown
                    try await pot.save(on: tx)
                }
            } catch ApprovalError.noFundingPot {
                throw EstateError.invalid(ApprovalError.noFundingPot.description)
            } catch let error as ApprovalError {
                throw EstateError.refused(error.description)
            } catch let error as FundingPotError {
                throw EstateError.refused(error.description)
            }
            let status = Fulfilment.status(after: chain.outcome(for: request.approvalRequest, after: updated), kind: request.kind)
            request.status = status
            try await request.save(on: tx)
            let event = EstateRequestEvent(requestID: requestID, at: now, byID: personID, status: status, note: note)
            event.step = step
            event.verdict = verdict
            try await event.create(on: tx)
            let lines = try await EstateRequestLine.query(on: tx).filter(\.$requestID == requestID).all()
            try await settleDecisionNotices(requestID, on: tx)
            try await notifyApprovers(request, chain: chain, decisions: updated, on: tx)
            let said = verdict == .approved ? "approved" : "rejected"
            try await notify(
                request, lines: lines,
                "\(request.reference) was \(said) at the \(step.inSentence) step; it is now \(status.displayName.lowercased()).",
                on: tx)
        }
    }

    /// Moves an approved request on: ordered (kit allocated from stock or put on order), dispatched with a tracking
    /// reference, delivered, returned; or withdraws one not yet approved.
    func advance(_ requestID: UUID, to status: EstateRequestStatus, tracking: String?, by personID: UUID) async throws {
        try await db.writeTransaction { tx in
            let request = try await Self.lock(requestID, on: tx)
            try Self.check(request, to: status, tracking: tracking)
            let lines = try await EstateRequestLine.query(on: tx).filter(\.$requestID == requestID).sort(\.$position).all()
            let book = EstateAssetBook(db: tx, now: now, byID: personID, source: "request")
            switch status {
            case .ordered: try await book.fulfil(request, lines: lines)
            case .dispatched:
                request.tracking = tracking?.trimmingCharacters(in: .whitespaces)
                try await book.move(assetsOf: lines, to: .inTransit)
            case .returned: try await book.move(assetsOf: lines, to: .returned)
            case .withdrawn: try await settleDecisionNotices(requestID, on: tx)
            default: break
            }
            request.status = status
            try await request.save(on: tx)
            let note = status == .dispatched ? "tracking \(request.tracking ?? "")" : nil
            try await EstateRequestEvent(requestID: requestID, at: now, byID: personID, status: status, note: note).create(on: tx)
            let text: String =
                switch status {
                case .dispatched: "\(request.reference) was dispatched (tracking \(request.tracking ?? "")): look out for it."
                case .delivered: "\(request.reference) was delivered: accept your kit on your estate page once you have it."
                default: "\(request.reference) is now \(status.displayName.lowercased())."
                }
            try await notify(request, lines: lines, text, on: tx)
        }
    }

    /// Takes a line out of the requester's own draft; the last line stays (withdraw the draft instead).
    func removeLine(_ lineID: UUID, by personID: UUID) async throws -> UUID {
        guard let found = try await EstateRequestLine.find(lineID, on: db) else {
            throw EstateError.invalid("That request line does not exist.")
        }
        try await db.writeTransaction { tx in
            let request = try await Self.lock(found.requestID, on: tx)
            guard request.requesterID == personID else {
                throw EstateError.notAllowed("Only the person who raised this request can change it.")
            }
            guard request.status == .draft else {
                throw EstateError.refused("\(request.reference) has been submitted; its lines can no longer change.")
            }
            let lines = try await EstateRequestLine.query(on: tx).filter(\.$requestID == found.requestID).all()
            guard lines.count > 1 else {
                throw EstateError.refused("A request needs at least one line; withdraw the draft instead.")
            }
            try await found.delete(on: tx)
            request.cost = Fulfilment.cost(of: lines.filter { $0.id != lineID }.map(\.draft))
            try await request.save(on: tx)
        }
        return found.requestID
    }

    /// The person a line is for confirms they have their kit: it goes into use, and the request is accepted once
    /// every line is.
    func accept(_ lineID: UUID, by personID: UUID) async throws {
        guard let found = try await EstateRequestLine.find(lineID, on: db) else {
            throw EstateError.invalid("That request line does not exist.")
        }
        try await db.writeTransaction { tx in
            let request = try await Self.lock(found.requestID, on: tx)
            let lines = try await EstateRequestLine.query(on: tx).filter(\.$requestID == found.requestID).all()
            guard let line = lines.first(where: { $0.id == lineID }) else { return }
            guard line.personID == personID || (line.personID == nil && request.requesterID == personID) else {
                throw EstateError.notAllowed("Only the person this kit is for can accept it.")
            }
            guard line.acceptedAt == nil else { return }
            guard request.status == .delivered else {
                throw EstateError.refused("\(request.reference) has not been delivered yet; accept it once you have the kit.")
            }
            line.acceptedAt = now
            try await line.save(on: tx)
            let book = EstateAssetBook(db: tx, now: now, byID: personID, source: "request")
            try await book.move(assetsOf: [line], to: line.personID == nil ? .inStock : .inUse)
            guard lines.allSatisfy({ $0.acceptedAt != nil }) else { return }
            request.status = EstateRequestStatus.accepted
            try await request.save(on: tx)
            try await EstateRequestEvent(requestID: request.requireID(), at: now, byID: personID, status: .accepted).create(on: tx)
            try await notify(request, lines: lines, "\(request.reference) is complete: everyone has accepted their kit.", on: tx)
        }
    }

    // MARK: - rows and rules

    /// Locks the request's row (PostgreSQL; SQLite holds the write lock already) and reads it.
    static func lock(_ id: UUID, on db: any Database) async throws -> EstateRequest {
        if let sql = db as? any SQLDatabase {
            try await sql.raw("UPDATE estate_requests SET turn = turn + 1 WHERE id = \(bind: id)").run()
        }
        guard let request = try await EstateRequest.find(id, on: db) else {
            throw EstateError.invalid("That request does not exist.")
        }
        return request
    }

    static func lockPot(_ id: UUID, on db: any Database) async throws -> EstateFundingPot {
        if let sql = db as? any SQLDatabase {
            try await sql.raw("UPDATE estate_funding_pots SET turn = turn + 1 WHERE id = \(bind: id)").run()
        }
        guard let pot = try await EstateFundingPot.find(id, on: db) else {
            throw EstateError.invalid("That funding pot does not exist.")
        }
        return pot
    }

    private static func check(_ request: EstateRequest, to status: EstateRequestStatus, tracking: String?) throws {
        do {
            try Fulfilment.check(kind: request.kind, from: request.status, to: status, tracking: tracking)
        } catch {
            throw EstateError.refused("\(request.reference): \(error.description)")
        }
    }

    /// The delegated limit of the commissioner above the organisation (the nearest that sets one).
    static func delegatedLimit(for organisationID: UUID, on db: any Database) async throws -> Int {
        let line = try await OrganisationScope.commissioningLine(from: organisationID, on: db).compactMap(\.id)
        let settings = try await EstateSettings.query(on: db).filter(\.$organisationID ~~ line).all()
        let limits = Dictionary(settings.map { ($0.organisationID, $0.delegatedLimit) }, uniquingKeysWith: { a, _ in a })
        return line.lazy.compactMap { limits[$0] ?? nil }.first ?? EstateSettings.standardDelegatedLimit
    }
}

extension EstateRequest {
    var approvalRequest: ApprovalRequest {
        ApprovalRequest(requesterID: requesterID, cost: cost, raisedByPracticeManager: raisedByManager)
    }
}
