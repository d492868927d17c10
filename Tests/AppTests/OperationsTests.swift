import Foundation
import Testing
import VaporTesting

@testable import App

/// Health checks and metrics.
@Suite struct OperationsTests {
    @Test func healthReadinessAndMetricsAnswer() async throws {
        try await withTestApp { app in
            #expect(try await app.testing().sendRequest(.GET, "/healthz").status == .ok)
            let ready = try await app.testing().sendRequest(.GET, "/readyz")
            #expect(ready.status == .ok)
            #expect(ready.body.string.contains("\"database\":\"ok\""))
            let metrics = try await app.testing().sendRequest(.GET, "/metrics")
            #expect(metrics.body.string.contains("http_requests_total{method=\"GET\",route=\"/readyz\",status=\"200\"}"))
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
