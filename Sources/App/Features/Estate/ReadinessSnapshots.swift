import Domain
import Fluent
import Foundation
import NIOConcurrencyHelpers
import Vapor

/// How often national readiness is counted in the background (READINESS_SNAPSHOT_SECONDS), and from how many
/// organisations a roll-up reads those counts instead of counting itself.
struct ReadinessSnapshotConfig: Sendable {
    /// nil: never in the background (tests, which take snapshots by hand); the first wide roll-up takes one.
    var interval: TimeInterval? = 300
    /// A roll-up of more organisations than this reads the snapshot; one of this many or fewer counts live.
    var above = EstateReadiness.wideScope
}

/// Every provider's readiness counted at one moment, kept in memory and counted again every `interval`: a national
/// roll-up of thousands of practices reads these figures (and shows when they were counted) instead of reading every
/// engagement, person and piece of kit in England while its reader waits. Each instance keeps its own.
final class ReadinessSnapshots: Sendable {
    /// Each provider's figures, counted from the database as it stood at `takenAt`.
    struct Snapshot: Sendable {
        /// When the count began: every change committed before this is in the figures.
        var takenAt: Date
        var today: CalendarDay
        var summaries: [UUID: OrganisationReadiness]
    }

    /// One line of a roll-up: an organisation and its figures.
    struct Line: Sendable {
        var organisation: RollupOrganisation
        var summary: OrganisationReadiness
    }

    /// The last snapshot, and the count under way.
    private struct State: Sendable {
        var latest: Snapshot?
        var counting: Task<Snapshot, any Error>?
    }

    let config: ReadinessSnapshotConfig
    private let state = NIOLockedValueBox(State())

    init(config: ReadinessSnapshotConfig) {
        self.config = config
    }

    /// The last snapshot taken, if any.
    var latest: Snapshot? { state.withLockedValue { $0.latest } }

    /// Counts every provider's readiness now and keeps the result; a count already under way is joined, not repeated.
    @discardableResult
    func take(on db: any Database, now: Date = Date()) async throws -> Snapshot {
        let task = state.withLockedValue { state in
            if let counting = state.counting { return counting }
            let task = Task { try await Self.count(on: db, now: now) }
            state.counting = task
            return task
        }
        let result = await task.result
        return try state.withLockedValue { state in
            if state.counting == task { state.counting = nil }
            let snapshot = try result.get()
            if (state.latest?.takenAt ?? .distantPast) < snapshot.takenAt { state.latest = snapshot }
            return state.latest ?? snapshot
        }
    }

    /// The roll-up of `providers`: from the snapshot when there are more than `config.above` (taking one first if
    /// there is none for `today`), with the time it was counted; otherwise counted now, with nil.
    func rollup(_ providers: [RollupOrganisation], on db: any Database, today: CalendarDay) async throws
        -> (lines: [Line], takenAt: Date?)
    {
        guard providers.count > config.above else {
            let counted = try await Self.countLive(providers, on: db, today: today)
            let lines = providers.compactMap { organisation in
                counted[organisation.id].map { Line(organisation: organisation, summary: $0) }
            }
            return (lines, nil)
        }
        var snapshot = latest
        if snapshot?.today != today { snapshot = try await take(on: db) }
        guard let snapshot else { return ([], nil) }
        // an organisation made since the count is counted now, on its own
        let late = try await Self.countLive(providers.filter { snapshot.summaries[$0.id] == nil }, on: db, today: today)
        let lines = providers.compactMap { organisation -> Line? in
            guard let summary = snapshot.summaries[organisation.id] ?? late[organisation.id] else { return nil }
            return Line(organisation: organisation, summary: summary)
        }
        return (lines, snapshot.takenAt)
    }

    /// These organisations' figures counted now.
    private static func countLive(_ providers: [RollupOrganisation], on db: any Database, today: CalendarDay) async throws
        -> [UUID: OrganisationReadiness]
    {
        guard !providers.isEmpty else { return [:] }
        var organisations: [Organisation] = []
        for chunk in providers.map(\.id).chunked(500) {
            organisations += try await Organisation.query(on: db).filter(\.$id ~~ Array(chunk)).all()
        }
        let lines = try await EstateReadiness.organisations(organisations, on: db, today: today)
        return Dictionary(
            lines.compactMap { line in line.organisation.id.map { ($0, line.summary) } }, uniquingKeysWith: { a, _ in a })
    }

    /// Every provider in England (practices, hubs and services; never commissioners) counted as a roll-up counts them.
    static func count(on db: any Database, now: Date) async throws -> Snapshot {
        let today = CalendarDay(now)
        let providers = try await Organisation.query(on: db).filter(\.$kind ~~ EstateScope.providerKinds).all()
        let lines = try await EstateReadiness.organisations(providers, on: db, today: today)
        let summaries = lines.compactMap { line in line.organisation.id.map { ($0, line.summary) } }
        return Snapshot(takenAt: now, today: today, summaries: Dictionary(summaries, uniquingKeysWith: { a, _ in a }))
    }
}

/// Counts national readiness every `interval`, the first time at start-up.
struct ReadinessSnapshotLoop: SiteService {
    let name = "readiness snapshots"
    let app: Application
    let interval: TimeInterval

    func run() async throws {
        while !Task.isCancelled {
            do {
                try await app.readinessSnapshots.take(on: app.db, now: Date())
            } catch {
                app.logger.error("Readiness snapshot failed", metadata: ["error": "\(LoggedError(error))"])
            }
            try? await Task.sleep(for: .seconds(interval))
        }
    }
}

extension Application {
    private struct ReadinessSnapshotsKey: StorageKey { typealias Value = ReadinessSnapshots }

    /// This instance's national readiness figures, made in `configure`.
    var readinessSnapshots: ReadinessSnapshots {
        get { storage[ReadinessSnapshotsKey.self]! }
        set { storage[ReadinessSnapshotsKey.self] = newValue }
    }
}
