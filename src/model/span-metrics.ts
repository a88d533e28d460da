import type { TracingBackend } from './types.js';

/**
 * The span-metric names each tracing backend emits, as Prometheus stores them; the tracing pack
 * queries these, and the Jaeger generator configures the connector so that they hold.
 * - Tempo's metrics-generator: traces_spanmetrics_calls_total and traces_spanmetrics_latency_* with
 *   a `service` label (Tempo docs, "Span metrics").
 * - Jaeger v2's spanmetrics connector (opentelemetry-collector-contrib connector/spanmetricsconnector
 *   v0.140.1, the version Jaeger v1.76.0 builds): metrics named `<namespace>.calls` and
 *   `<namespace>.duration` (connector.go, metricNameCalls/metricNameDuration; DefaultNamespace
 *   "traces.span.metrics" in factory.go) with dimensions service.name, span.name, span.kind and
 *   status.code; the Prometheus exporter turns dots into underscores and adds _total and the unit
 *   (the generated config sets histogram.unit: s), so traces_span_metrics_calls_total and
 *   traces_span_metrics_duration_seconds_bucket with a `service_name` label. Checked against a real
 *   Jaeger in test/e2e/jaeger-traces.test.ts.
 */
export const spanMetricNames: Record<TracingBackend, { calls: string; latencyBucket: string; service: string }> = {
  tempo: {
    calls: 'traces_spanmetrics_calls_total',
    latencyBucket: 'traces_spanmetrics_latency_bucket',
    service: 'service',
  },
  jaeger: {
    calls: 'traces_span_metrics_calls_total',
    latencyBucket: 'traces_span_metrics_duration_seconds_bucket',
    service: 'service_name',
  },
};

/** The connector's settings that make those names (see above). */
export const JAEGER_SPANMETRICS = { namespace: 'traces.span.metrics', histogramUnit: 's' } as const;

/** Jaeger's own pipeline telemetry (OpenTelemetry Collector internal metrics, level detailed). */
export const jaegerTelemetry = {
  acceptedSpans: 'otelcol_receiver_accepted_spans_total',
  refusedSpans: 'otelcol_receiver_refused_spans_total',
  exportFailedSpans: 'otelcol_exporter_send_failed_spans_total',
} as const;
