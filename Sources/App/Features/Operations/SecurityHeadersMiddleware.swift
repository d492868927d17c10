import Vapor

/// Headers on every response, errors included (it sits outside the error middleware): a Content-Security-Policy that
/// allows only this site's own script and style files (no inline script, event handler attribute, style element or style
/// attribute anywhere), no framing, no sniffing, no referrer beyond this site, nothing stored by caches unless a route
/// says otherwise, and HSTS behind https.
struct SecurityHeadersMiddleware: Middleware {
    /// Whether the service is reached over https (`PUBLIC_BASE_URL`): then browsers are told to keep to https.
    let https: Bool
    /// Where a form may lead besides this site: the NHS sign-in providers' origins (linking CIS2 is a form whose answer
    /// redirects there, and browsers hold redirects to `form-action`).
    var formTargets: [String] = []

    /// The policy with `formTargets` allowed as form destinations.
    var policy: String {
        formTargets.isEmpty
            ? Self.contentSecurityPolicy
            : Self.contentSecurityPolicy.replacingOccurrences(of: "form-action 'self'", with: "form-action 'self' " + formTargets.joined(separator: " "))
    }

    static let contentSecurityPolicy = [
        "default-src 'self'", "script-src 'self'", "script-src-attr 'none'", "style-src 'self'", "style-src-attr 'none'",
        "img-src 'self' data: blob:", "media-src 'self' blob:", "connect-src 'self'", "object-src 'none'", "base-uri 'none'",
        "form-action 'self'", "frame-ancestors 'none'",
    ].joined(separator: "; ")

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        next.respond(to: request).map { response in secure(response) }
    }

    private func secure(_ response: Response) -> Response {
        let headers = [
            ("Content-Security-Policy", policy), ("X-Content-Type-Options", "nosniff"),
            ("X-Frame-Options", "DENY"), ("Referrer-Policy", "same-origin"), ("Cross-Origin-Opener-Policy", "same-origin"),
        ]
        for (name, value) in headers { response.headers.replaceOrAdd(name: name, value: value) }
        if https { response.headers.replaceOrAdd(name: "Strict-Transport-Security", value: "max-age=31536000; includeSubDomains") }
        if response.headers.first(name: .cacheControl) == nil {
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        }
        return response
    }
}
