package dev.deskphone.server;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.function.IntSupplier;

/** The server's Prometheus metrics, in a registry of its own (no global state). */
final class ServerMetrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Counter requests;
    private final Histogram requestSeconds;
    private final Counter events;
    private final Histogram batchSizes;
    private final Histogram batchSeconds;

    ServerMetrics() {
        requests = Counter.builder()
                .name("deskphone_http_requests_total")
                .help("HTTP requests by method, route template and status")
                .labelNames("method", "route", "status")
                .register(registry);
        requestSeconds = Histogram.builder()
                .name("deskphone_http_request_duration_seconds")
                .help("HTTP request latency by method and route template")
                .classicOnly()
                .classicUpperBounds(0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5)
                .labelNames("method", "route")
                .register(registry);
        events = Counter.builder()
                .name("deskphone_call_events_total")
                .help("Call events by type and outcome (created, updated, replayed, conflict, not_found, ...)")
                .labelNames("event", "outcome")
                .register(registry);
        batchSizes = Histogram.builder()
                .name("deskphone_write_batch_size")
                .help("Writes committed together by the group-commit writer")
                .classicOnly()
                .classicUpperBounds(1, 2, 4, 8, 16, 32, 64, 128, 256, 512)
                .register(registry);
        batchSeconds = Histogram.builder()
                .name("deskphone_write_batch_duration_seconds")
                .help("Time to run and commit one batch (the fsync is in here)")
                .classicOnly()
                .classicUpperBounds(0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.5)
                .register(registry);
        JvmMetrics.builder().register(registry);
    }

    void queueDepth(IntSupplier depth) {
        GaugeWithCallback.builder()
                .name("deskphone_write_queue_depth")
                .help("Writes waiting for the group-commit writer")
                .callback(callback -> callback.call(depth.getAsInt()))
                .register(registry);
    }

    void request(String method, String route, int status, double seconds) {
        requests.labelValues(method, route, Integer.toString(status)).inc();
        requestSeconds.labelValues(method, route).observe(seconds);
    }

    void event(String event, String outcome) {
        events.labelValues(event, outcome).inc();
    }

    void batch(int size, double seconds) {
        batchSizes.observe(size);
        batchSeconds.observe(seconds);
    }

    String contentType() {
        return writer.getContentType();
    }

    byte[] scrape() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        writer.write(out, registry.scrape());
        return out.toByteArray();
    }
}
