import { files, jobs } from '../model/conventions.js';
import type { ComponentSpec } from './types.js';

/**
 * Jaeger v2 (tracing.backend: jaeger): one process receiving OTLP, storing traces, serving span
 * metrics through its spanmetrics connector. Readiness is healthcheckv2's /status on the health
 * port; a config change means a restart (SIGHUP restarts it internally and loses memory storage).
 */
export const jaeger = {
  title: 'Jaeger',
  binary: 'jaeger',
  job: jobs.jaeger,
  extraJobs: [jobs.jaegerSpanMetrics],
  scrapeAddress: (m, job) =>
    `${m.jaeger.host}:${job === jobs.jaegerSpanMetrics ? m.jaeger.ports.spanMetrics : m.jaeger.ports.metrics}`,
  metrics: /^(otelcol_|traces_span_metrics_)/,
  ports: {
    http: {
      specPath: ['tracing', 'jaeger', 'ports', 'health'],
      local: 13143,
      container: 13133,
      what: 'jaeger (health)',
    },
    query: {
      specPath: ['tracing', 'jaeger', 'ports', 'query'],
      local: 16696,
      container: 16686,
      what: 'jaeger (query)',
    },
    queryGrpc: {
      specPath: ['tracing', 'jaeger', 'ports', 'queryGrpc'],
      local: 16695,
      container: 16685,
      what: 'jaeger (query gRPC)',
      publish: false,
    },
    otlpGrpc: {
      specPath: ['tracing', 'jaeger', 'ports', 'otlpGrpc'],
      local: 14317,
      container: 4317,
      what: 'jaeger (OTLP gRPC)',
    },
    otlpHttp: {
      specPath: ['tracing', 'jaeger', 'ports', 'otlpHttp'],
      local: 14318,
      container: 4318,
      what: 'jaeger (OTLP HTTP)',
    },
    metrics: {
      specPath: ['tracing', 'jaeger', 'ports', 'metrics'],
      local: 18888,
      container: 8888,
      what: 'jaeger (telemetry)',
      publish: false,
    },
    spanMetrics: {
      specPath: ['tracing', 'jaeger', 'ports', 'spanMetrics'],
      local: 18889,
      container: 8889,
      what: 'jaeger (span metrics)',
      publish: false,
    },
  },
  readyPath: '/status',
  reads: (f) => f.startsWith('jaeger/'),
  secrets: () => [],
  enabled: (m) => m.jaeger.enabled,
  place: (m) => ({
    address: `${m.jaeger.host}:${m.jaeger.ports.health}`,
    listenHost: m.jaeger.listenHost,
    port: m.jaeger.ports.health,
    hostPort: m.jaeger.hostPorts.health,
  }),
  bound: (m) =>
    Object.fromEntries(
      Object.entries(m.jaeger.ports).map(([k, port]) => [
        k === 'health' ? 'http' : k,
        { port, hostPort: m.jaeger.hostPorts[k as keyof typeof m.jaeger.ports] },
      ]),
    ),
  flags: (_m, at) => ['--config', `file:${at.config(files.jaegerConfig)}`],
  resources: (s) => s.tracing?.jaeger?.resources,
  // badger's ./data/badger is relative to the working directory
  relativeToData: true,
  container: {
    service: 'jaeger',
    image: () => 'jaegertracing/jaeger:2.13.0',
    mounts: [['jaeger', '/etc/jaeger']],
    data: '/jaeger',
  },
} satisfies ComponentSpec;
