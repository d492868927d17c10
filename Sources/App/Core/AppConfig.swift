import Domain
import Foundation

/// Everything the server reads from its environment, parsed once at start-up.
public struct AppConfig: Sendable {
    /// Where the data lives.
    public enum Database: Sendable, Equatable {
        case sqliteFile(path: String)
        case sqliteMemory
        /// `schema`, when set, puts every table in that PostgreSQL schema (used to isolate tests).
        case postgres(url: String, schema: String?)
    }

    /// How log lines are written.
    public enum LogFormat: String, Sendable { case text, json }

    public var database: Database
    public var bcryptCost: Int
    public var publicBaseURL: String
    public var secureCookies: Bool
    public var sessionIdle: TimeInterval
    public var sessionAbsolute: TimeInterval
    public var logFormat: LogFormat
    public var lockout: LockoutPolicy
    /// The PostgreSQL NOTIFY channel of the event bus; instances sharing a database share it.
    public var eventChannel: String
    /// 32 bytes that seal stored secrets (TOTP secrets, desktop host passwords). Required with PostgreSQL;
    /// with SQLite a key file beside the database is made on first start when it is not given.
    public var dataKey: [UInt8]?
    /// How messages reach patients: the demo outbox, or GOV.UK Notify.
    var messaging: MessagingConfig = .outbox
    /// Where staff look patients up (`PATIENT_DIRECTORY`): the demo patients, or none until PDS is connected.
    var patientDirectory: PatientDirectoryChoice = .demo
    /// How many threads may hash passwords at once; more sign-ins than that wait their turn.
    var passwordHashThreads = max(1, ProcessInfo.processInfo.activeProcessorCount / 2)
    /// PostgreSQL connections each event loop may hold; the tests, which start many apps at once on one cluster, use 2.
    var postgresConnectionsPerEventLoop = 4
    /// How long a request waits for a PostgreSQL connection, or for its batched write (patient requests, audit rows,
    /// desktop opens), before it is told the service is busy and to try again. The tests, many apps at once on two
    /// cores, wait longer.
    var databaseWaitLimit: Duration = .seconds(20)

    /// How long shutdown waits for work in flight (a viewer's audit rows, a seat's reset, a video socket's last words):
    /// long enough for a write that waited its full `databaseWaitLimit`.
    var shutdownWaitSeconds: Double { Double(databaseWaitLimit.components.seconds) + 10 }
    /// How long a request may take before it is answered "busy, try again" (its work goes on): two full database waits
    /// and a little, under nginx's 60 s wait for an answer in the deployment kit while the wait is 20 s.
    var requestDeadline: Duration { databaseWaitLimit * 2 + .seconds(5) }
    /// The bearer token Prometheus sends for `/metrics`; without one, `/metrics` answers nobody.
    var metricsToken: String?
    /// How the desktop broker keeps time and where the viewer's files are.
    var desktops = DesktopConfig()
    /// How often the duty alert check runs (DUTY_ALERT_SECONDS, 60 unless set); nil in tests, which run it by hand.
    var dutyAlertInterval: TimeInterval? = 60
    /// The STUN and TURN servers video calls use.
    var video = VideoConfig()
    /// Per-client throttling of anonymous and sign-in forms, and whose X-Forwarded-For to believe.
    var throttle = ThrottleConfig()
    /// Where signed checkpoints of the audit chain's head go, and how often.
    var auditCheckpoints = AuditCheckpointConfig()
    /// How long photos, message text, reply links and video details are kept, and when the nightly run removes them.
    var retention = RetentionConfig()
    /// The folder of the site's scripts, stylesheet and API description (PUBLIC_DIRECTORY); nil: `Public/` in the working
    /// directory or beside the executable (see `SiteAssets.load`).
    var publicDirectory: String?
    /// The file of one-off bank holiday changes (BANK_HOLIDAYS_FILE); nil: `config/bank-holidays-england.txt` found as
    /// `Public/` is (see `BankHolidayFile.load`).
    var bankHolidaysFile: String?
    /// How long `surgery serve` on PostgreSQL waits for a migration in progress before giving up (MIGRATION_WAIT_SECONDS).
    var migrationWaitSeconds = 300
    /// The red-flag screen (RED_FLAGS_FILE); nil: `config/red-flags.json`, found as `Public/` is.
    var redFlagsFile: String?
    /// Sign-in with NHS CIS2 (staff) and NHS login (patients), each off unless configured.
    var nhsIdentity = NHSIdentityConfig()
    /// How often national readiness is counted in the background for the wide roll-ups that read it.
    var readinessSnapshot = ReadinessSnapshotConfig()

    public init(
        database: Database,
        bcryptCost: Int = 12,
        publicBaseURL: String = "http://127.0.0.1:8080",
        secureCookies: Bool = false,
        sessionIdle: TimeInterval = 30 * 60,
        sessionAbsolute: TimeInterval = 12 * 3600,
        logFormat: LogFormat = .text,
        lockout: LockoutPolicy = .standard,
        eventChannel: String = "surgery_events"
    ) {
        self.database = database
        self.bcryptCost = bcryptCost
        self.publicBaseURL = publicBaseURL
        self.secureCookies = secureCookies
        self.sessionIdle = sessionIdle
        self.sessionAbsolute = sessionAbsolute
        self.logFormat = logFormat
        self.lockout = lockout
        self.eventChannel = eventChannel
    }
}

/// The STUN and TURN servers handed to browsers for video calls; TURN with time-limited credentials (coturn's
/// `use-auth-secret`).
struct VideoConfig: Sendable {
    var stunURLs: [String] = []
    var turnURLs: [String] = []
    var turnSecret: String?

    /// STUN_URLS and TURN_URLS (comma-separated `stun:`/`turn:`/`turns:` addresses) and TURN_SECRET, which TURN needs.
    static func fromEnvironment(_ env: [String: String]) throws(ConfigError) -> VideoConfig {
        func list(_ name: String, prefixes: [String]) throws(ConfigError) -> [String] {
            let items = (env[name] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            for item in items where !prefixes.contains(where: { item.hasPrefix($0) }) {
                throw ConfigError(variable: name, problem: "must list addresses starting \(prefixes.joined(separator: " or ")), such as \(prefixes[0])turn.example.nhs.uk:3478; \(item) is not one")
            }
            return items
        }
        var config = VideoConfig()
        config.stunURLs = try list("STUN_URLS", prefixes: ["stun:"])
        config.turnURLs = try list("TURN_URLS", prefixes: ["turn:", "turns:"])
        let secret = env["TURN_SECRET"]?.trimmingCharacters(in: .whitespaces)
        config.turnSecret = (secret?.isEmpty ?? true) ? nil : secret
        if !config.turnURLs.isEmpty, config.turnSecret == nil {
            throw ConfigError(variable: "TURN_SECRET", problem: "must be set when TURN_URLS is: the static-auth-secret of coturn's use-auth-secret")
        }
        return config
    }
}

/// Where signed checkpoints of the audit chain's head are written (AUDIT_CHECKPOINT_PATH; by default beside the SQLite
/// file, or `data/audit-checkpoints.log` with PostgreSQL) and how often (AUDIT_CHECKPOINT_SECONDS).
struct AuditCheckpointConfig: Sendable {
    /// nil: the default for the database.
    var path: String?
    var interval: TimeInterval = 60

    /// The file to use with `database`; nil for an in-memory database with no path given (log lines only).
    func file(for database: AppConfig.Database) -> String? {
        if let path { return path }
        switch database {
        case .sqliteFile(let path):
            let url = URL(fileURLWithPath: path)
            let stem = url.deletingPathExtension().lastPathComponent
            return url.deletingLastPathComponent().appendingPathComponent("\(stem)-audit-checkpoints.log").path
        case .postgres: return "data/audit-checkpoints.log"
        case .sqliteMemory: return nil
        }
    }
}

/// The desktop broker's clocks and the viewer's files.
struct DesktopConfig: Sendable {
    /// How often each seat's VNC endpoint is checked (DESKTOP_HEALTH_SECONDS).
    var healthInterval: TimeInterval = 5
    /// How often each pool's broker runs (offers, timeouts, idle warnings).
    var tickInterval: TimeInterval = 2
    /// Debian's noVNC (NOVNC_PATH), served whole under /novnc.
    var noVNCPath = "/usr/share/novnc"
    /// Off in tests that drive the broker by hand.
    var runsInBackground = true
}

/// A configuration variable that could not be used; the message names it.
public struct ConfigError: Error, CustomStringConvertible, Equatable {
    public var variable: String
    public var problem: String
    public var description: String { "Configuration error: \(variable) \(problem)" }
}

extension AppConfig {
    /// Reads and validates the process environment; fails on the first bad variable.
    public static func fromEnvironment(_ env: [String: String]) throws(ConfigError) -> AppConfig {
        var config = AppConfig(database: .sqliteFile(path: "data/surgery.sqlite"))
        if let url = nonEmpty(env["DATABASE_URL"]) {
            guard url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") else {
                throw ConfigError(variable: "DATABASE_URL", problem: "must be a postgres:// URL, such as postgres://user@127.0.0.1:5432/surgery?sslmode=disable")
            }
            config.database = .postgres(url: url, schema: nil)
        } else if let path = nonEmpty(env["DATABASE_PATH"]) {
            config.database = path == ":memory:" ? .sqliteMemory : .sqliteFile(path: path)
        }
        config.bcryptCost = try integer(env, "BCRYPT_COST", default: 12, range: 4...31)
        if let base = nonEmpty(env["PUBLIC_BASE_URL"]) {
            guard let url = URL(string: base), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil else {
                throw ConfigError(variable: "PUBLIC_BASE_URL", problem: "must be an http:// or https:// address, such as https://surgery.example.nhs.uk")
            }
            config.publicBaseURL = base.hasSuffix("/") ? String(base.dropLast()) : base
        }
        config.secureCookies = try boolean(env, "SECURE_COOKIES", default: config.publicBaseURL.hasPrefix("https://"))
        config.sessionIdle = TimeInterval(try integer(env, "SESSION_IDLE_MINUTES", default: 30, range: 1...1440) * 60)
        config.sessionAbsolute = TimeInterval(try integer(env, "SESSION_ABSOLUTE_HOURS", default: 12, range: 1...168) * 3600)
        if let key = nonEmpty(env["DATA_KEY"]) {
            guard let bytes = Data(base64Encoded: key), bytes.count == 32 else {
                throw ConfigError(variable: "DATA_KEY", problem: "must be 32 random bytes in base64; make one with: openssl rand -base64 32")
            }
            config.dataKey = Array(bytes)
        } else if case .postgres = config.database {
            throw ConfigError(variable: "DATA_KEY", problem: "must be set when DATABASE_URL is set, the same on every instance; make one with: openssl rand -base64 32")
        }
        if let text = nonEmpty(env["NOTIFY_API_KEY"]) {
            let key: NotifyAPIKey
            do { key = try NotifyAPIKey(text) } catch {
                throw ConfigError(variable: "NOTIFY_API_KEY", problem: "is not a Notify API key: \(error.message)")
            }
            guard let sms = nonEmpty(env["NOTIFY_SMS_TEMPLATE_ID"]), let email = nonEmpty(env["NOTIFY_EMAIL_TEMPLATE_ID"]) else {
                throw ConfigError(variable: "NOTIFY_SMS_TEMPLATE_ID", problem: "and NOTIFY_EMAIL_TEMPLATE_ID must name Notify templates whose text is ((body))")
            }
            let base = nonEmpty(env["NOTIFY_BASE_URL"]) ?? "https://api.notifications.service.gov.uk"
            // duty alerts to staff go with their own template when one is named (its subject speaks to a clinician)
            let staffEmail = nonEmpty(env["NOTIFY_STAFF_EMAIL_TEMPLATE_ID"]) ?? email
            config.messaging = .notify(
                apiKey: key, baseURL: base.hasSuffix("/") ? String(base.dropLast()) : base, smsTemplateID: sms, emailTemplateID: email,
                staffEmailTemplateID: staffEmail)
        }
        config.desktops.healthInterval = TimeInterval(try integer(env, "DESKTOP_HEALTH_SECONDS", default: 5, range: 1...300))
        if let path = nonEmpty(env["NOVNC_PATH"]) { config.desktops.noVNCPath = path }
        config.publicDirectory = nonEmpty(env["PUBLIC_DIRECTORY"])
        config.bankHolidaysFile = nonEmpty(env["BANK_HOLIDAYS_FILE"])
        config.redFlagsFile = nonEmpty(env["RED_FLAGS_FILE"])
        config.migrationWaitSeconds = try integer(env, "MIGRATION_WAIT_SECONDS", default: 300, range: 0...3600)
        config.video = try VideoConfig.fromEnvironment(env)
        config.passwordHashThreads = try integer(env, "PASSWORD_HASH_THREADS", default: config.passwordHashThreads, range: 1...64)
        config.dutyAlertInterval = TimeInterval(try integer(env, "DUTY_ALERT_SECONDS", default: 60, range: 1...300))
        config.readinessSnapshot.interval = TimeInterval(try integer(env, "READINESS_SNAPSHOT_SECONDS", default: 300, range: 5...3600))
        config.auditCheckpoints.path = nonEmpty(env["AUDIT_CHECKPOINT_PATH"])
        config.auditCheckpoints.interval = TimeInterval(try integer(env, "AUDIT_CHECKPOINT_SECONDS", default: 60, range: 5...3600))
        if let token = nonEmpty(env["METRICS_TOKEN"]) {
            guard token.count >= 20 else {
                throw ConfigError(variable: "METRICS_TOKEN", problem: "must be at least 20 characters; make one with: openssl rand -hex 20")
            }
            config.metricsToken = token
        }
        config.throttle = try ThrottleConfig.fromEnvironment(env)
        config.nhsIdentity = try NHSIdentityConfig.fromEnvironment(env, publicBaseURL: config.publicBaseURL)
        config.retention = try RetentionConfig.fromEnvironment(env)
        if let choice = nonEmpty(env["PATIENT_DIRECTORY"]) {
            guard let parsed = PatientDirectoryChoice(rawValue: choice) else {
                throw ConfigError(variable: "PATIENT_DIRECTORY", problem: "must be demo or none, not \(choice)")
            }
            config.patientDirectory = parsed
        }
        if let format = nonEmpty(env["LOG_FORMAT"]) {
            guard let parsed = LogFormat(rawValue: format) else {
                throw ConfigError(variable: "LOG_FORMAT", problem: "must be text or json, not \(format)")
            }
            config.logFormat = parsed
        }
        return config
    }

    private static func nonEmpty(_ value: String?) -> String? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        return value
    }

    private static func integer(_ env: [String: String], _ name: String, default value: Int, range: ClosedRange<Int>) throws(ConfigError) -> Int {
        guard let text = nonEmpty(env[name]) else { return value }
        guard let number = Int(text), range.contains(number) else {
            throw ConfigError(variable: name, problem: "must be a whole number from \(range.lowerBound) to \(range.upperBound), not \(text)")
        }
        return number
    }

    private static func boolean(_ env: [String: String], _ name: String, default value: Bool) throws(ConfigError) -> Bool {
        guard let text = nonEmpty(env[name])?.lowercased() else { return value }
        switch text {
        case "1", "true", "yes": return true
        case "0", "false", "no": return false
        default: throw ConfigError(variable: name, problem: "must be true or false, not \(text)")
        }
    }
}
