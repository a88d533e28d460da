import { jobs } from '../model/conventions.js';
import { jaegerTelemetry, spanMetricNames } from '../model/span-metrics.js';
import type { TracingBackend } from '../model/types.js';
import { counter, gauge, histogram, shapes } from './fixtures.js';
import { quote, type Pack } from './types.js';

/**
 * 8 of the 16 rules of the optimisation guide (001_894051b9b6396168.txt): trace export, the
 * service graph and span metrics, the tracing backend's own health. Rendered for the spec's
 * tracing.backend: Tempo's metrics-generator names (traces_spanmetrics_*, label `service`), or
 * Jaeger v2's spanmetrics connector (traces_span_metrics_*, label `service_name`) and its
 * collector telemetry; Jaeger has no service-graph connector, so those rules are Tempo's only.
 */
interface P {
  job: string;
  backend: TracingBackend;
  names: (typeof spanMetricNames)[TracingBackend];
}
const tempo = (p: P) => ({ job: p.job, instance: 'tempo:3200' });
const jaeger = (p: P) => ({ job: p.job, instance: 'jaeger:8888' });
const server = (p: P) => ({
  [p.names.service]: 'checkout',
  span_name: 'GET /api/orders',
  span_kind: 'SPAN_KIND_SERVER',
});
const edge = { client: 'frontend', server: 'checkout', connection_type: 'http' };
const onTempo = (p: P) => p.backend === 'tempo';
const onJaeger = (p: P) => p.backend === 'jaeger';

export const tracing: Pack<P> = {
  name: 'tracing',
  params: (_section, ctx) => ({
    backend: ctx.tracingBackend,
    job: ctx.tracingBackend === 'jaeger' ? jobs.jaeger : jobs.tempo,
    names: spanMetricNames[ctx.tracingBackend],
  }),
  rules: [
    {
      alert: 'JaegerDown',
      severity: 'critical',
      for: '1m',
      compare: '==',
      when: onJaeger,
      expr: (p) => `up{job=${quote(p.job)}} == 0`,
      summary: () => 'Jaeger is down',
      description: () => 'Prometheus cannot scrape Jaeger at {{ $labels.instance }}: traces are not being stored.',
      fixture: (p) => ({ series: (v) => [gauge('up', jaeger(p), v)], value: shapes.gauge, labels: jaeger(p) }),
    },
    {
      alert: 'JaegerSpansRefused',
      severity: 'warning',
      for: '5m',
      compare: '>',
      threshold: { default: 0, unit: 'number' },
      when: onJaeger,
      expr: (p, t) =>
        `sum by (receiver, transport) (rate(${jaegerTelemetry.refusedSpans}{job=${quote(p.job)}}[5m])) > ${t}`,
      summary: () => 'Jaeger refuses spans',
      description: () =>
        'Jaeger refuses {{ $value | humanize }} spans per second ({{ $labels.receiver }} over {{ $labels.transport }}).',
      fixture: (p) => ({
        series: (v) => [
          counter(jaegerTelemetry.refusedSpans, { ...jaeger(p), receiver: 'otlp', transport: 'http' }, v),
        ],
        value: shapes.rate(5),
        labels: { receiver: 'otlp', transport: 'http' },
      }),
    },
    {
      alert: 'TempoDown',
      severity: 'critical',
      for: '1m',
      compare: '==',
      when: onTempo,
      expr: (p) => `up{job=${quote(p.job)}} == 0`,
      summary: () => 'Tempo is down',
      description: () => 'Prometheus cannot scrape Tempo at {{ $labels.instance }}: traces are not being stored.',
      fixture: (p) => ({ series: (v) => [gauge('up', tempo(p), v)], value: shapes.gauge, labels: tempo(p) }),
    },
    {
      alert: 'TracesNotReceived',
      severity: 'warning',
      for: '10m',
      compare: '==',
      expr: (p) =>
        onTempo(p)
          ? '(sum(rate(tempo_distributor_spans_received_total[5m])) or vector(0)) == 0'
          : `(sum(rate(${jaegerTelemetry.acceptedSpans}{job=${quote(p.job)}}[5m])) or vector(0)) == 0`,
      summary: (p) => (onTempo(p) ? 'Tempo receives no spans' : 'Jaeger receives no spans'),
      description: (p) =>
        `No span reached ${onTempo(p) ? 'the Tempo distributor' : "Jaeger's OTLP receiver"} in the last 5 minutes: check the applications' OTLP exporters and sampling.`,
      fixture: (p) => ({
        series: (v) => [
          onTempo(p)
            ? counter('tempo_distributor_spans_received_total', { ...tempo(p), tenant: 'single-tenant' }, v)
            : counter(jaegerTelemetry.acceptedSpans, { ...jaeger(p), receiver: 'otlp', transport: 'http' }, v),
        ],
        value: (t, v) => (t < 1 ? 0 : v), // `or vector(0)` answers 0 before rate() has two samples
        labels: {},
      }),
    },
    {
      alert: 'TempoSpansDiscarded',
      when: onTempo,
      severity: 'warning',
      for: '5m',
      compare: '>',
      threshold: { default: 0, unit: 'number' },
      expr: (_p, t) => `sum by (reason) (rate(tempo_discarded_spans_total[5m])) > ${t}`,
      summary: () => 'Tempo discards spans',
      description: () => 'Tempo discards {{ $value | humanize }} spans per second (reason: {{ $labels.reason }}).',
      fixture: (p) => ({
        series: (v) => [
          counter('tempo_discarded_spans_total', { ...tempo(p), tenant: 'single-tenant', reason: 'rate_limited' }, v),
        ],
        value: shapes.rate(5),
        labels: { reason: 'rate_limited' },
      }),
    },
    {
      alert: 'TempoMetricsGeneratorSeriesLimited',
      when: onTempo,
      severity: 'warning',
      for: '5m',
      compare: '>',
      threshold: { default: 0, unit: 'number' },
      expr: (_p, t) => `sum(increase(tempo_metrics_generator_registry_series_limited_total[5m])) > ${t}`,
      summary: () => "Tempo's metrics-generator hit its series limit",
      description: () =>
        'The metrics-generator dropped {{ $value | humanize }} new series in 5 minutes: service-graph and span metrics are incomplete.',
      fixture: (p) => ({
        // 2 series, not 1: Prometheus 3's left-open windows extrapolate increase() to 0.99999..., which
        // humanize prints as "1000m" where 2.x prints "1"; 1.99999... and 2 both print "2"
        series: (v) => [
          counter(
            'tempo_metrics_generator_registry_series_limited_total',
            { ...tempo(p), tenant: 'single-tenant' },
            (2 * v) / 300,
          ),
        ],
        value: (t, level) => shapes.rate(5)(t, 2 * level),
        labels: {},
      }),
    },
    {
      alert: 'ServiceGraphMetricsMissing',
      when: onTempo,
      severity: 'warning',
      for: '15m',
      compare: '==',
      expr: () => 'absent(traces_service_graph_request_total)',
      summary: () => 'No service-graph metrics in Prometheus',
      description: () =>
        "traces_service_graph_request_total is absent: Tempo's metrics-generator is off, or Prometheus lacks --web.enable-remote-write-receiver.",
      fixture: () => ({
        series: () => [counter('traces_service_graph_request_total', edge, 1)],
        value: () => undefined,
        labels: {},
        absent: true,
      }),
    },
    {
      alert: 'TracedServiceHighErrorRate',
      severity: 'critical',
      for: '5m',
      compare: '>',
      threshold: { param: 'errorRate', default: 0.05, unit: 'ratio' },
      expr: (p, t) =>
        `sum by (${p.names.service}) (rate(${p.names.calls}{status_code="STATUS_CODE_ERROR"}[5m])) / sum by (${p.names.service}) (rate(${p.names.calls}[5m])) > ${t}`,
      summary: (_p, t) => `A traced service fails more than ${t * 100}% of its spans`,
      description: (p) => `{{ $labels.${p.names.service} }}: {{ $value | humanizePercentage }} of spans end in error.`,
      fixture: (p) => ({
        series: (v) => [
          counter(p.names.calls, { ...server(p), status_code: 'STATUS_CODE_ERROR' }, 10 * v),
          counter(p.names.calls, { ...server(p), status_code: 'STATUS_CODE_OK' }, 10 * (1 - v)),
        ],
        value: shapes.ratio,
        labels: { [p.names.service]: 'checkout' },
      }),
    },
    {
      alert: 'TracedServiceHighLatencyP95',
      severity: 'warning',
      for: '5m',
      compare: '>',
      threshold: { param: 'latencyP95', default: 2, unit: 'seconds' },
      expr: (p, t) =>
        `histogram_quantile(0.95, sum by (${p.names.service}, le) (rate(${p.names.latencyBucket}{span_kind="SPAN_KIND_SERVER"}[5m]))) > ${t}`,
      summary: (_p, t) => `A traced service's p95 latency is above ${t}s`,
      description: (p) => `{{ $labels.${p.names.service} }}: p95 server span latency is {{ $value | humanize }}s.`,
      fixture: (p) => ({
        series: (v) => histogram(p.names.latencyBucket, server(p), v),
        value: shapes.ratio,
        labels: { [p.names.service]: 'checkout' },
      }),
    },
    {
      alert: 'ServiceGraphEdgeHighErrorRate',
      when: onTempo,
      severity: 'warning',
      for: '5m',
      compare: '>',
      threshold: { param: 'edgeErrorRate', default: 0.05, unit: 'ratio' },
      expr: (_p, t) =>
        `sum by (client, server) (rate(traces_service_graph_request_failed_total[5m])) / sum by (client, server) (rate(traces_service_graph_request_total[5m])) > ${t}`,
      summary: (_p, t) => `Calls between two services fail more than ${t * 100}% of the time`,
      description: () =>
        '{{ $labels.client }} -> {{ $labels.server }}: {{ $value | humanizePercentage }} of requests fail.',
      fixture: () => ({
        series: (v) => [
          counter('traces_service_graph_request_failed_total', edge, 10 * v),
          counter('traces_service_graph_request_total', edge, 10),
        ],
        value: shapes.ratio,
        labels: { client: edge.client, server: edge.server },
      }),
    },
  ],
};
