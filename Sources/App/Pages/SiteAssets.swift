import Crypto
import Foundation
import Vapor

/// A file under `Public/` that the site serves as it is: the stylesheet, the page scripts, the API's description and
/// the icon browsers ask for at `/favicon.ico` by themselves.
enum SiteAsset: String, CaseIterable, Sendable {
    case favicon = "favicon.ico"
    case stylesheet = "assets/site.css"
    case queueScript = "assets/queue.js"
    case desktopScript = "assets/desktop.js"
    case videoScript = "assets/video.js"
    case openAPI = "api/openapi.json"

    /// The path it is served at, without a version.
    var path: String { "/" + rawValue }

    /// The asset served at `path`, if any.
    init?(path: String) {
        guard let asset = Self.allCases.first(where: { $0.path == path }) else { return nil }
        self = asset
    }
}

/// The folder of `Public/` found at start-up, and each asset's version: the start of the SHA-256 of its content, so that
/// a page links to `/assets/site.css?v=…` and a browser may keep that URL for a year.
struct SiteAssets: Sendable {
    /// An absolute path, ending in `/`.
    let directory: String
    let versions: [SiteAsset: String]

    /// The URL a page links to: the asset's path with its version (without one before `configure` has found them).
    func url(_ asset: SiteAsset) -> String {
        versions[asset].map { "\(asset.path)?v=\($0)" } ?? asset.path
    }

    /// The asset's bytes as they are on disk now.
    func contents(_ asset: SiteAsset) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: directory + asset.rawValue))
    }

    /// Reads every asset from the first folder that holds them all: `configured` (PUBLIC_DIRECTORY) alone when it is
    /// set, otherwise `Public/` in the working directory, then `Public/` beside the executable or in a folder above it
    /// (`.build/debug/surgery` finds the package's, `/opt/surgery/bin/surgery` finds `/opt/surgery/Public`).
    static func load(configured: String?, workingDirectory: String) throws(ConfigError) -> SiteAssets {
        let candidates = configured.map { [absolute($0, from: workingDirectory)] } ?? defaultCandidates(workingDirectory)
        var problems: [String] = []
        for candidate in candidates {
            let directory = candidate.hasSuffix("/") ? candidate : candidate + "/"
            let missing = SiteAsset.allCases.filter { !FileManager.default.isReadableFile(atPath: directory + $0.rawValue) }
            guard missing.isEmpty else {
                problems.append("\(directory) lacks \(missing.map(\.rawValue).joined(separator: ", "))")
                continue
            }
            var versions: [SiteAsset: String] = [:]
            for asset in SiteAsset.allCases {
                guard let data = FileManager.default.contents(atPath: directory + asset.rawValue) else {
                    throw ConfigError(
                        variable: "PUBLIC_DIRECTORY", problem: "names \(directory), but \(asset.rawValue) there cannot be read")
                }
                versions[asset] = SHA256.hash(data: data).prefix(6).map { String(format: "%02x", $0) }.joined()
            }
            return SiteAssets(directory: directory, versions: versions)
        }
        let advice =
            configured == nil ? "run the server from the folder that holds Public/, or set PUBLIC_DIRECTORY to it" : "check the path"
        throw ConfigError(
            variable: "PUBLIC_DIRECTORY",
            problem: "must name the folder of the site's scripts, stylesheet and API description (Public/ in the repository): "
                + problems.joined(separator: "; ") + "; \(advice)")
    }

    static func absolute(_ path: String, from workingDirectory: String) -> String {
        path.hasPrefix("/") ? path : URL(fileURLWithPath: workingDirectory).appendingPathComponent(path).path
    }

    /// `Public/` in the working directory, then beside the executable and up to four folders above it.
    private static func defaultCandidates(_ workingDirectory: String) -> [String] {
        shippedCandidates("Public", workingDirectory: workingDirectory)
    }

    /// The first readable file of `relative` (or the `configured` path, when given) and its bytes; else a `ConfigError`
    /// for `variable` saying what it must name and where it was looked for.
    static func readShipped(
        _ relative: String, configured: String?, variable: String, what: String, workingDirectory: String
    ) throws(ConfigError) -> (path: String, data: Data) {
        let candidates = configured.map { [absolute($0, from: workingDirectory)] } ?? shippedCandidates(relative, workingDirectory: workingDirectory)
        guard let path = candidates.first(where: { FileManager.default.isReadableFile(atPath: $0) }),
            let data = FileManager.default.contents(atPath: path)
        else {
            throw ConfigError(
                variable: variable, problem: "must name \(what) (\(relative) in the repository); looked in " + candidates.joined(separator: ", "))
        }
        return (path, data)
    }

    /// Where a file or folder shipped with the server may be: `relative` to the working directory, then beside the
    /// executable and up to four folders above it.
    static func shippedCandidates(_ relative: String, workingDirectory: String) -> [String] {
        var candidates = [absolute(relative, from: workingDirectory)]
        if var folder = Bundle.main.executableURL?.resolvingSymlinksInPath().deletingLastPathComponent() {
            for _ in 0..<5 {
                candidates.append(folder.appendingPathComponent(relative).path)
                folder.deleteLastPathComponent()
            }
        }
        var seen = Set<String>()
        return candidates.filter { seen.insert($0).inserted }
    }
}

extension Application {
    private struct SiteAssetsKey: StorageKey { typealias Value = SiteAssets }

    /// The site's files and their versions, found by `configure`.
    var siteAssets: SiteAssets {
        get { storage[SiteAssetsKey.self] ?? SiteAssets(directory: "/", versions: [:]) }
        set { storage[SiteAssetsKey.self] = newValue }
    }
}
