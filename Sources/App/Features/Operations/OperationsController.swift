import Domain
import Fluent
import Foundation
import Prometheus
import SQLKit
import Vapor

/// Health checks and metrics: what the engineer on call and the load balancer use.
enum OperationsController {
    struct Health: Content {
        var status: String
        var database: String?
    }

    /// The process is up.
    @Sendable static func healthz(req: Request) async throws -> Health {
        Health(status: "ok", database: nil)
    }

    /// The process can serve: the database answers.
    @Sendable static func readyz(req: Request) async throws -> Response {
        do {
            guard let sql = req.db as? any SQLDatabase else { throw Abort(.internalServerError) }
            try await sql.raw("SELECT 1").run()
            return try await Health(status: "ok", database: "ok").encodeResponse(for: req)
        } catch {
            req.logger.error("Readiness check failed: the database did not answer", metadata: ["error": "\(error)"])
            let response = try await Health(status: "unavailable", database: "not answering").encodeResponse(for: req)
            response.status = .serviceUnavailable
            return response
        }
    }

    /// Prometheus text exposition.
    /// This instance's metrics, for a scraper holding `METRICS_TOKEN` (they name routes and counts, which is more than a
    /// stranger should learn).
    @Sendable static func metrics(req: Request) async throws -> Response {
        guard let expected = req.application.appConfig.metricsToken else {
            throw Abort(.notFound, reason: "Metrics are off: set METRICS_TOKEN and send it as a bearer token.")
        }
        guard let given = req.headers.bearerAuthorization?.token,
            SecretToken.constantTimeEquals(SecretToken.digest(given), SecretToken.digest(expected))
        else {
            throw Abort(.unauthorized, headers: ["WWW-Authenticate": "Bearer"], reason: "Send the metrics token as a bearer token.")
        }
        var headers = HTTPHeaders()
        headers.add(name: .contentType, value: "text/plain; version=0.0.4; charset=utf-8")
        return Response(status: .ok, headers: headers, body: .init(string: req.application.metricsRegistry.emitToString()))
    }
}

/// Counts requests and their durations by route pattern (never by the path, which may hold identifiers).
struct RequestMetricsMiddleware: Middleware {
    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        let start = ContinuousClock.now
        return next.respond(to: request).always { result in
            switch result {
            case .success(let response): record(request, status: response.status.code, since: start)
            case .failure(let error): record(request, status: (error as? any AbortError)?.status.code ?? 500, since: start)
            }
        }
    }

    private func record(_ request: Request, status: UInt, since start: ContinuousClock.Instant) {
        let route = request.route.map { "/" + $0.path.map(\.description).joined(separator: "/") } ?? "unmatched"
        let registry = request.application.metricsRegistry
        registry.makeCounter(
            descriptor: MetricNameDescriptor(metricName: "http_requests", unitName: "total", helpText: "HTTP requests by route pattern and status"),
            labels: [("method", request.method.rawValue), ("route", route), ("status", "\(status)")]
        ).increment()
        registry.makeDurationHistogram(
            descriptor: MetricNameDescriptor(metricName: "http_request_duration", unitName: "seconds", helpText: "Time to answer, by route pattern"),
            labels: [("route", route)],
            buckets: [.milliseconds(5), .milliseconds(25), .milliseconds(100), .milliseconds(500), .seconds(2), .seconds(10)]
        ).record(ContinuousClock.now - start)
    }
}

extension Application {
    private struct MetricsKey: StorageKey { typealias Value = PrometheusCollectorRegistry }

    /// The metrics in Prometheus text format.
    var metricsText: String { metricsRegistry.emitToString() }

    /// This instance's metrics.
    var metricsRegistry: PrometheusCollectorRegistry {
        get {
            if let registry = storage[MetricsKey.self] { return registry }
            let registry = PrometheusCollectorRegistry()
            storage[MetricsKey.self] = registry
            return registry
        }
        set { storage[MetricsKey.self] = newValue }
    }
}
