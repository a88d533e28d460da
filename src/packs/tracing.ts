import { jobs } from '../model/conventions.js';
import { counter, gauge, histogram, shapes } from './fixtures.js';
import { quote, type Pack } from './types.js';

/**
 * 8 of the 16 rules of the optimisation guide (001_894051b9b6396168.txt): trace export, the
 * service graph and span metrics from Tempo's metrics-generator, Tempo's own health.
 */
interface P {
  job: string;
}
const tempo = (p: P) => ({ job: p.job, instance: 'tempo:3200' });
const server = { service: 'checkout', span_name: 'GET /api/orders', span_kind: 'SPAN_KIND_SERVER' };
const edge = { client: 'frontend', server: 'checkout', connection_type: 'http' };

export const tracing: Pack<P> = {
  name: 'tracing',
  params: () => ({ job: jobs.tempo }),
  rules: [
    {
      alert: 'TempoDown',
      severity: 'critical',
      for: '1m',
      compare: '==',
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
      expr: () => '(sum(rate(tempo_distributor_spans_received_total[5m])) or vector(0)) == 0',
      summary: () => 'Tempo receives no spans',
      description: () => 'No span reached the Tempo distributor in the last 5 minutes: check the applications\' OTLP exporters and sampling.',
      fixture: (p) => ({
        series: (v) => [counter('tempo_distributor_spans_received_total', { ...tempo(p), tenant: 'single-tenant' }, v)],
        value: (t, v) => (t < 1 ? 0 : v), // `or vector(0)` answers 0 before rate() has two samples
        labels: {},
      }),
    },
    {
      alert: 'TempoSpansDiscarded',
      severity: 'warning',
      for: '5m',
      compare: '>',
      threshold: { default: 0, unit: 'number' },
      expr: (_p, t) => `sum by (reason) (rate(tempo_discarded_spans_total[5m])) > ${t}`,
      summary: () => 'Tempo discards spans',
      description: () => 'Tempo discards {{ $value | humanize }} spans per second (reason: {{ $labels.reason }}).',
      fixture: (p) => ({
        series: (v) => [counter('tempo_discarded_spans_total', { ...tempo(p), tenant: 'single-tenant', reason: 'rate_limited' }, v)],
        value: shapes.rate(5),
        labels: { reason: 'rate_limited' },
      }),
    },
    {
      alert: 'TempoMetricsGeneratorSeriesLimited',
      severity: 'warning',
      for: '5m',
      compare: '>',
      threshold: { default: 0, unit: 'number' },
      expr: (_p, t) => `sum(increase(tempo_metrics_generator_registry_series_limited_total[5m])) > ${t}`,
      summary: () => "Tempo's metrics-generator hit its series limit",
      description: () => 'The metrics-generator dropped {{ $value | humanize }} new series in 5 minutes: service-graph and span metrics are incomplete.',
      fixture: (p) => ({
        // 2 series, not 1: Prometheus 3's left-open windows extrapolate increase() to 0.99999..., which
        // humanize prints as "1000m" where 2.x prints "1"; 1.99999... and 2 both print "2"
        series: (v) => [counter('tempo_metrics_generator_registry_series_limited_total', { ...tempo(p), tenant: 'single-tenant' }, (2 * v) / 300)],
        value: (t, level) => shapes.rate(5)(t, 2 * level),
        labels: {},
      }),
    },
    {
      alert: 'ServiceGraphMetricsMissing',
      severity: 'warning',
      for: '15m',
      compare: '==',
      expr: () => 'absent(traces_service_graph_request_total)',
      summary: () => 'No service-graph metrics in Prometheus',
      description: () =>
        "traces_service_graph_request_total is absent: Tempo's metrics-generator is off, or Prometheus lacks --web.enable-remote-write-receiver.",
      fixture: () => ({ series: () => [counter('traces_service_graph_request_total', edge, 1)], value: () => undefined, labels: {}, absent: true }),
    },
    {
      alert: 'TracedServiceHighErrorRate',
      severity: 'critical',
      for: '5m',
      compare: '>',
      threshold: { param: 'errorRate', default: 0.05, unit: 'ratio' },
      expr: (_p, t) =>
        `sum by (service) (rate(traces_spanmetrics_calls_total{status_code="STATUS_CODE_ERROR"}[5m])) / sum by (service) (rate(traces_spanmetrics_calls_total[5m])) > ${t}`,
      summary: (_p, t) => `A traced service fails more than ${t * 100}% of its spans`,
      description: () => '{{ $labels.service }}: {{ $value | humanizePercentage }} of spans end in error.',
      fixture: () => ({
        series: (v) => [
          counter('traces_spanmetrics_calls_total', { ...server, status_code: 'STATUS_CODE_ERROR' }, 10 * v),
          counter('traces_spanmetrics_calls_total', { ...server, status_code: 'STATUS_CODE_OK' }, 10 * (1 - v)),
        ],
        value: shapes.ratio,
        labels: { service: server.service },
      }),
    },
    {
      alert: 'TracedServiceHighLatencyP95',
      severity: 'warning',
      for: '5m',
      compare: '>',
      threshold: { param: 'latencyP95', default: 2, unit: 'seconds' },
      expr: (_p, t) =>
        `histogram_quantile(0.95, sum by (service, le) (rate(traces_spanmetrics_latency_bucket{span_kind="SPAN_KIND_SERVER"}[5m]))) > ${t}`,
      summary: (_p, t) => `A traced service's p95 latency is above ${t}s`,
      description: () => '{{ $labels.service }}: p95 server span latency is {{ $value | humanize }}s.',
      fixture: () => ({ series: (v) => histogram('traces_spanmetrics_latency_bucket', server, v), value: shapes.ratio, labels: { service: server.service } }),
    },
    {
      alert: 'ServiceGraphEdgeHighErrorRate',
      severity: 'warning',
      for: '5m',
      compare: '>',
      threshold: { param: 'edgeErrorRate', default: 0.05, unit: 'ratio' },
      expr: (_p, t) =>
        `sum by (client, server) (rate(traces_service_graph_request_failed_total[5m])) / sum by (client, server) (rate(traces_service_graph_request_total[5m])) > ${t}`,
      summary: (_p, t) => `Calls between two services fail more than ${t * 100}% of the time`,
      description: () => '{{ $labels.client }} -> {{ $labels.server }}: {{ $value | humanizePercentage }} of requests fail.',
      fixture: () => ({
        series: (v) => [counter('traces_service_graph_request_failed_total', edge, 10 * v), counter('traces_service_graph_request_total', edge, 10)],
        value: shapes.ratio,
        labels: { client: edge.client, server: edge.server },
      }),
    },
  ],
};
