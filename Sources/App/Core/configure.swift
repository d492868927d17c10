import Domain
import Prometheus
import SQLKit
import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import NIOCore
import Vapor

/// Sets up one application instance: database, migrations, event bus, middleware, routes, commands.
public func configure(_ app: Application, config: AppConfig) async throws {
    app.appConfig = config
    app.siteAssets = try SiteAssets.load(configured: config.publicDirectory, workingDirectory: app.directory.workingDirectory)
    app.bankHolidays = try BankHolidayFile.load(configured: config.bankHolidaysFile, workingDirectory: app.directory.workingDirectory)
    app.redFlagSet = try RedFlagFile.load(configured: config.redFlagsFile, workingDirectory: app.directory.workingDirectory)
    try configureDatabase(app, config: config)
    app.secretBox = try Application.makeSecretBox(config: config, logger: app.logger)
    app.auditCheckpoints = AuditCheckpoints(
        path: config.auditCheckpoints.file(for: config.database), key: AuditCheckpointKey(box: app.secretBox))
    if case .sqliteFile = config.database, let sql = app.db as? any SQLDatabase {
        // readers no longer wait for writers; commits stay fully synced (synchronous = FULL)
        try await sql.raw("PRAGMA journal_mode = WAL").run()
        try await sql.raw("PRAGMA synchronous = FULL").run()
    }
    app.migrations.add(Migrations.all)
    app.events = try EventBus.make(for: app, config: config)
    app.metricsRegistry = .init()
    let hashing = PasswordHashingPool(threads: config.passwordHashThreads)
    app.passwordHashingPool = hashing.pool
    app.lifecycle.use(hashing)
    app.liveConnections = LiveConnections()
    app.desktopBroker = DesktopBrokerService(writeTimeout: config.databaseWaitLimit)
    app.videoHub = VideoSignalHub()
    app.estateWork = BackgroundWork()
    app.readinessSnapshots = ReadinessSnapshots(config: config.readinessSnapshot)
    app.clientThrottle = ClientThrottle(maximumKeys: config.throttle.maximumKeys)
    app.relyingPartyKey = RelyingPartyKey(fileKeyPEM: config.nhsIdentity.signingKeyPEM)
    app.identityProviders = Dictionary(
        uniqueKeysWithValues: [config.nhsIdentity.cis2, config.nhsIdentity.nhsLogin].compactMap { $0 }.map {
            ($0.kind, IdentityProvider(config: $0, http: app.http.client.shared))
        })
    app.siteServices = SiteServices()
    app.lifecycle.use(app.siteServices)
    app.requestsInFlight = RequestsInFlight()
    addServices(app, config: config)

    app.middleware = Middlewares()
    app.middleware.use(RequestsInFlightMiddleware(requests: app.requestsInFlight))
    app.middleware.use(RequestMetricsMiddleware())
    app.middleware.use(
        SecurityHeadersMiddleware(
            https: config.publicBaseURL.lowercased().hasPrefix("https://"),
            formTargets: [config.nhsIdentity.cis2, config.nhsIdentity.nhsLogin].compactMap { $0?.origin }))
    app.middleware.use(SiteErrorMiddleware(environment: app.environment))
    app.middleware.use(NULCharacterMiddleware())  // reads form and JSON bodies: the deadline starts after them
    app.middleware.use(RequestDeadlineMiddleware(limit: config.requestDeadline, requests: app.requestsInFlight))
    app.middleware.use(SiteAssetMiddleware(assets: app.siteAssets))
    app.routes.defaultMaxBodySize = "1mb"

    try routes(app)
    Commands.register(in: app)
}

/// Every service, in the order they start; they stop in the reverse order, so what others need stops after them.
private func addServices(_ app: Application, config: AppConfig) {
    let services = app.siteServices
    if app.events.crossesInstances { services.use(EventBusListener(bus: app.events)) }
    // early in, so late out: its final checkpoint comes after the other services' last audit rows
    services.use(AuditCheckpointLoop(app: app, interval: config.auditCheckpoints.interval))
    services.use(IntakeWritesInFlight(app: app))
    // stops after the services below have closed the live connections, and before the database goes
    services.use(RequestsInFlightAtShutdown(app: app, seconds: config.shutdownWaitSeconds))
    services.use(SessionSweeper(app: app, config: config))
    services.use { app in
        LiveConnectionsListener(connections: app.liveConnections, events: await app.events.subscribe(topic: LiveEnding.topic))
    }
    // seat resets and viewers' audit rows in flight are waited for once the broker's loops have stopped
    services.use(WorkInFlight(name: "desktop work in flight", work: app.desktopBroker.background, seconds: config.shutdownWaitSeconds))
    services.use(DesktopRDPBridgeStopper(bridges: app.desktopBroker.rdpBridges))
    services.use { app in
        DesktopViewerCloser(broker: app.desktopBroker, events: await app.events.subscribe(topic: DesktopEvent.topic))
    }
    if config.desktops.runsInBackground {
        services.use(DesktopBrokerTicks(app: app, interval: config.desktops.tickInterval))
        services.use(DesktopHealthChecks(app: app, interval: config.desktops.healthInterval))
    }
    services.use { app in
        VideoSignalRelay(
            hub: app.videoHub, events: await app.events.subscribe(topic: VideoEnvelope.topic), drainSeconds: app.appConfig.shutdownWaitSeconds)
    }
    services.use(WorkInFlight(name: "estate imports in flight", work: app.estateWork, seconds: 30))
    if config.retention.runsNightly { services.use(RetentionJob(app: app, schedule: config.retention.schedule)) }
    if let interval = config.dutyAlertInterval { services.use(DutyAlertLoop(app: app, interval: interval)) }
    if let interval = config.readinessSnapshot.interval { services.use(ReadinessSnapshotLoop(app: app, interval: interval)) }
}

/// Makes the SQLite file (if new) readable by the server's user alone; SQLite gives its -wal and -shm files the same mode.
private func ownerOnly(_ path: String) throws {
    if FileManager.default.fileExists(atPath: path) {
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
    } else if !FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) {
        throw ConfigError(variable: "DATABASE_PATH", problem: "cannot create \(path): check the folder exists and the server may write to it")
    }
}

private func configureDatabase(_ app: Application, config: AppConfig) throws {
    switch config.database {
    case .sqliteMemory:
        app.databases.use(.sqlite(.memory), as: .sqlite)
    case .sqliteFile(let path):
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try FileManager.default.createDirectory(
            atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try ownerOnly(path)
        app.databases.use(.sqlite(.file(path)), as: .sqlite)
    case .postgres(let url, let schema):
        var postgres = try SQLPostgresConfiguration(url: url)
        if let schema { postgres.searchPath = [schema] }
        app.databases.use(
            .postgres(
                configuration: postgres, maxConnectionsPerEventLoop: config.postgresConnectionsPerEventLoop,
                connectionPoolTimeout: .init(config.databaseWaitLimit)),
            as: .psql)
    }
}

/// Every migration, in the order they run. Append only.
enum Migrations {
    static let all: [any Migration] = [
        M001CreateOrganisations(),
        M002CreateSharingAgreements(),
        M003CreatePeople(),
        M004CreateEngagements(),
        M005CreateStaffSessions(),
        M006CreateRecoveryCodes(),
        M007CreateInvitations(),
        M008CreateAuditEvents(),
        M009CreateAPITokens(),
        M010CreateTriageRequests(),
        M011CreatePatientMessaging(),
        M012CreateDesktopPools(),
        M013CreateVideoConsultations(),
        M014CreateEstate(),
        M015ResetCommandFromPoolFile(),
        M016BindFormTokensToSessions(),
        M017AddRequestClientDigest(),
        M018SignInLocksPerClient(),
        M019AuditTableIsAppendOnly(),
        M020ScopeAndExpireAPITokens(),
        M021SettleDecisionNotices(),
        M022CoreHoursFloor(),
        M023PatientIdentity(),
        M024AddRequestChannel(),
        M025CreateRequestFormTallies(),
        M026AddVideoCallTimes(),
        M029RecordTheScreen(),
        M031NameTheDutyClinician(),
        M032CreateDutyAlerts(),
        M033SignInWithNHSIdentity(),
        M034AddPoolClipboard(),
        M035CountPeopleWhoWaited(),
        M036AddRDPHosts(),
        M037RememberLogoutTokens(),
    ]
}
