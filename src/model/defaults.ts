import { parseDuration } from '../spec/duration.js';

/** The global scrape timeout: as given, else 10s capped at the interval (Prometheus does the same). */
export const defaultTimeout = (given: string | undefined, interval: string) =>
  given ??
  (parseDuration(interval)! < parseDuration(defaults.prometheus.scrapeTimeout)!
    ? interval
    : defaults.prometheus.scrapeTimeout);

/** What the spec means when the user leaves a key out. */
export const defaults = {
  environment: 'production',
  prometheus: {
    scrapeInterval: '30s',
    scrapeTimeout: '10s',
    evaluationInterval: '30s',
    retention: '15d',
  },
  service: {
    metricsPath: '/metrics',
    scheme: 'http',
    runtime: 'other',
    /** an application in a known runtime has HTTP, process and runtime metrics; `other` (an exporter) none known */
    exposes: {
      python: ['http', 'process', 'runtime'],
      go: ['http', 'process', 'runtime'],
      node: ['http', 'process', 'runtime'],
      jvm: ['http', 'process', 'runtime'],
      other: [],
    },
  },
  customRule: {
    severity: 'warning',
  },
  alertmanager: {
    resolveTimeout: '5m',
    groupBy: ['alertname'],
    groupWait: '30s',
    groupInterval: '5m',
    repeatInterval: '4h',
    /** when the spec says nothing about inhibition: critical silences warning of the same alert and instance */
    inhibit: [{ source: ['severity="critical"'], target: ['severity="warning"'], equal: ['alertname', 'instance'] }],
  },
  grafana: { adminUser: 'admin' },
  tempo: { version: '2', retention: '336h' },
  tracingBackend: 'tempo',
  jaeger: { storage: 'memory', maxTraces: 100000, retention: '336h' },
  tracing: { sampler: 'parentbased_traceidratio', ratio: 1, protocol: 'http/protobuf' },
  deploy: {
    target: 'local',
  },
} as const;
