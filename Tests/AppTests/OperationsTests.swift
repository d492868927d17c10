import Foundation
import Testing
import VaporTesting

@testable import App

/// Health checks and metrics.
@Suite struct OperationsTests {
    @Test func healthReadinessAndMetricsAnswer() async throws {
        var config = TestDatabase.config()
        config.metricsToken = "metrics-token-0123456789"
        try await withTestApp(config: config) { app in
            #expect(try await app.testing().sendRequest(.GET, "/healthz").status == .ok)
            let ready = try await app.testing().sendRequest(.GET, "/readyz")
            #expect(ready.status == .ok)
            #expect(ready.body.string.contains("\"database\":\"ok\""))
            var headers = HTTPHeaders()
            headers.bearerAuthorization = .init(token: "metrics-token-0123456789")
            let metrics = try await app.testing().sendRequest(.GET, "/metrics", headers: headers)
            #expect(metrics.body.string.contains("http_requests_total{method=\"GET\",route=\"/readyz\",status=\"200\"}"))
            // without the token, or with another, nothing is told
            let bare = try await app.testing().sendRequest(.GET, "/metrics")
            headers.bearerAuthorization = .init(token: "metrics-token-guessed-wrong")
            let wrong = try await app.testing().sendRequest(.GET, "/metrics", headers: headers)
            #expect(bare.status == .unauthorized && wrong.status == .unauthorized)
            #expect(!bare.body.string.contains("http_requests_total") && !wrong.body.string.contains("http_requests_total"))
        }
    }

    @Test func withoutAMetricsTokenMetricsAreOff() async throws {
        try await withTestApp { app in
            let metrics = try await app.testing().sendRequest(.GET, "/metrics")
            #expect(metrics.status == .notFound && !metrics.body.string.contains("http_requests_total"))
        }
    }

    @Test func anUnknownPageSaysWhatToDoNext() async throws {
        try await withTestApp { app in
            let page = try await app.testing().sendRequest(.GET, "/no/such/page")
            #expect(page.status == .notFound)
            #expect(page.body.string.contains("Go to the home page"))
            let api = try await app.testing().sendRequest(.GET, "/api/v1/nothing")
            #expect(api.status == .notFound)
            #expect(api.headers.first(name: .contentType) == "application/problem+json")
        }
    }
}
