import Vapor

/// Serves the files of `Public/` that `SiteAsset` names, through Vapor's `FileMiddleware` (ETag, 304, ranges), under one
/// cache policy: the URL a page links to carries the content's version (`?v=…`) and may be kept for a year; any other
/// URL of the same file (no version, or an old one) is checked with the server on every use.
struct SiteAssetMiddleware: Middleware {
    static let versionedCacheControl = "public, max-age=31536000, immutable"
    static let unversionedCacheControl = "no-cache"

    let assets: SiteAssets
    private let files: FileMiddleware

    init(assets: SiteAssets) {
        self.assets = assets
        self.files = FileMiddleware(publicDirectory: assets.directory)
    }

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        // only the named files, so that nothing else in the folder is served and other requests touch no disk
        guard request.method == .GET || request.method == .HEAD, let asset = SiteAsset(path: request.url.path) else {
            return next.respond(to: request)
        }
        let current = request.query[String.self, at: "v"] == assets.versions[asset]
        return files.respond(to: request, chainingTo: next).map { response in
            guard response.status == .ok || response.status == .notModified || response.status == .partialContent else {
                return response
            }
            response.headers.replaceOrAdd(
                name: .cacheControl, value: current ? Self.versionedCacheControl : Self.unversionedCacheControl)
            return response
        }
    }
}
