import Foundation
import Testing
import VaporTesting

@testable import App

/// The stylesheet, the page scripts and the API description are files of `Public/`, linked by versioned URLs that
/// browsers may keep for a year; pages hold no inline script or style.
@Suite struct SiteAssetTests {
    /// The `src` of every `<script>` and the `href` of every stylesheet link in `html`.
    static func linkedAssets(_ html: String) -> [String] {
        let patterns = [#"<script[^>]*\ssrc="([^"]+)""#, #"<link[^>]*rel="stylesheet"[^>]*href="([^"]+)""#]
        return patterns.flatMap { pattern in
            let regex = try! NSRegularExpression(pattern: pattern)
            return regex.matches(in: html, range: NSRange(html.startIndex..., in: html)).compactMap { match in
                Range(match.range(at: 1), in: html).map { String(html[$0]).replacingOccurrences(of: "&amp;", with: "&") }
            }
        }
    }

    /// What a strict Content-Security-Policy would refuse in a page: inline scripts, style elements and attributes,
    /// event handler attributes.
    static func inlineCode(_ html: String) -> [String] {
        let patterns = [#"<script(?![^>]*\ssrc=)[^>]*>"#, #"<style[\s>]"#, #"\sstyle=""#, #"\son[a-z]+=""#, #"javascript:"#]
        return patterns.filter { html.range(of: $0, options: .regularExpression) != nil }
    }

    @Test func everyPagesScriptsAndStylesheetAreServedFromFilesWithTheLongCacheHeader() async throws {
        try await withTestApp { app in
            // setup
            let world = try await TestWorld.make(on: app)
            var gp = try await TestBrowser.signedIn(app, personID: world.gpA.id)
            var patient = TestBrowser(app)
            var pages: [(String, TestingHTTPResponse)] = []
            for path in [
                SiteURL.home.path, SiteURL.consult.path, SiteURL.desktopPool(id: world.desktopPoolA).path,
                SiteURL.consultationCall(id: world.videoA).path, SiteURL.estate.path,
            ] {
                pages.append((path, try await gp.get(path)))
            }
            pages.append((SiteURL.login.path, try await patient.get(SiteURL.login.path)))
            pages.append(("video link", try await patient.get(SiteURL.videoJoin(token: world.videoTokenA).path)))
            var linked = Set<String>()
            // MUT
            for (path, page) in pages {
                #expect(page.status == .ok, "\(path)")
                let html = page.body.string
                #expect(Self.inlineCode(html).isEmpty, "\(path) holds inline code: \(Self.inlineCode(html))")
                let assets = Self.linkedAssets(html)
                #expect(assets.contains(app.siteAssets.url(.stylesheet)), "\(path) links \(assets)")
                linked.formUnion(assets)
            }
            // validate
            let pageAssets: [SiteAsset] = [.stylesheet, .queueScript, .desktopScript, .videoScript]
            #expect(linked == Set(pageAssets.map(app.siteAssets.url)))
            for asset in pageAssets {
                let url = app.siteAssets.url(asset)
                let response = try await patient.get(url)
                #expect(response.status == .ok, "\(url)")
                #expect(response.headers.first(name: .cacheControl) == SiteAssetMiddleware.versionedCacheControl, "\(url)")
                #expect(Data(response.body.readableBytesView) == (try app.siteAssets.contents(asset)), "\(url)")
                let type = response.headers.contentType?.description ?? ""
                #expect(type.contains(asset == .stylesheet ? "text/css" : "javascript"), "\(url): \(type)")
                SecurityHeadersTests.check(response, url)
            }
        }
    }

    @Test func anUnversionedOrStaleURLIsCheckedOnEveryUse() async throws {
        try await withTestApp { app in
            // setup
            var browser = TestBrowser(app)
            // MUT
            let plain = try await browser.get(SiteAsset.videoScript.path)
            let stale = try await browser.get(SiteAsset.videoScript.path + "?v=000000000000")
            let document = try await browser.get(SiteAsset.openAPI.path)
            let etag = try #require(plain.headers.first(name: .eTag))
            let again = try await browser.get(SiteAsset.videoScript.path, headers: ["If-None-Match": etag])
            let elsewhere = try await browser.get("/assets/../Package.swift")
            // validate
            for response in [plain, stale, document] {
                #expect(response.status == .ok)
                #expect(response.headers.first(name: .cacheControl) == SiteAssetMiddleware.unversionedCacheControl)
            }
            #expect(document.headers.contentType?.description.contains("json") == true)
            #expect(again.status == .notModified)
            #expect(elsewhere.status != .ok)
        }
    }

    @Test func theIconBrowsersAskForByThemselvesIsThere() async throws {
        try await withTestApp { app in
            var browser = TestBrowser(app)
            // MUT
            let icon = try await browser.get("/favicon.ico")
            // validate
            #expect(icon.status == .ok)
            #expect(icon.headers.contentType?.type == "image")
            #expect(Array(icon.body.readableBytesView.prefix(4)) == [0, 0, 1, 0], "an ICO file's header")
        }
    }

    @Test func versionsFollowTheContentAndAMissingFolderStopsTheStart() throws {
        // setup
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("public-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        for asset in SiteAsset.allCases {
            let file = folder.appendingPathComponent(asset.rawValue)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data("/* \(asset.rawValue) */\n".utf8).write(to: file)
        }
        // MUT
        let first = try SiteAssets.load(configured: folder.path, workingDirectory: "/")
        try Data("/* changed */\n".utf8).write(to: folder.appendingPathComponent(SiteAsset.stylesheet.rawValue))
        let second = try SiteAssets.load(configured: folder.path, workingDirectory: "/")
        try FileManager.default.removeItem(at: folder.appendingPathComponent(SiteAsset.queueScript.rawValue))
        // validate
        #expect(first.versions[.stylesheet] != second.versions[.stylesheet])
        #expect(first.versions[.videoScript] == second.versions[.videoScript])
        #expect(Set(first.versions.values.map(\.count)) == [12])
        #expect(first.url(.stylesheet) == "/assets/site.css?v=\(first.versions[.stylesheet] ?? "")")
        #expect(throws: ConfigError.self) { try SiteAssets.load(configured: folder.path, workingDirectory: "/") }
        do {
            _ = try SiteAssets.load(configured: "no-such-folder", workingDirectory: folder.path)
            Issue.record("a missing folder must stop the start")
        } catch {
            #expect(error.variable == "PUBLIC_DIRECTORY" && error.problem.contains("no-such-folder"))
        }
    }
}
