import Prometheus
import Vapor

/// The gateway's figures on /metrics: connections carried and bytes each way.
enum DesktopGatewayMetrics {
    static func record(_ stats: DesktopGatewayStats, app: Application) {
        let registry = app.metricsRegistry
        registry.makeCounter(
            descriptor: MetricNameDescriptor(
                metricName: "desktop_gateway_connections_total", helpText: "Viewer connections the desktop gateway carried")
        ).increment(by: Int64(1))
        registry.makeCounter(
            descriptor: MetricNameDescriptor(
                metricName: "desktop_gateway_bytes_to_viewer_total", helpText: "Bytes sent from desktops to viewers")
        ).increment(by: Int64(stats.bytesToViewer))
        registry.makeCounter(
            descriptor: MetricNameDescriptor(
                metricName: "desktop_gateway_bytes_from_viewer_total", helpText: "Bytes sent from viewers to desktops")
        ).increment(by: Int64(stats.bytesFromViewer))
    }
}
