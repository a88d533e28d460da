import { toYaml } from '../../artifacts/serialize.js';
import { component } from '../../components/index.js';
import { files, generatedHeader } from '../../model/conventions.js';
import { JAEGER_SPANMETRICS } from '../../model/span-metrics.js';
import type { Model } from '../../model/types.js';
import type { Generator } from '../types.js';

/** The trace store's name inside the config (jaeger_storage backends, query and exporter refer to it). */
const STORE = 'mon_store';
/** How often the spanmetrics connector emits what it aggregated (its default is 60s). */
export const SPANMETRICS_FLUSH_INTERVAL = '15s';

/**
 * Jaeger v2's config (Jaeger v1.76.0 = v2.13.0, an OpenTelemetry Collector distribution): OTLP
 * receivers -> batch -> the trace store and the spanmetrics connector; the connector's metrics go
 * to a Prometheus exporter that Prometheus scrapes (job jaeger-spanmetrics), Jaeger's own
 * telemetry to a pull reader (job jaeger). Every key follows the sources at that version:
 * - service/extensions/pipelines/telemetry.metrics.readers: jaeger cmd/jaeger/config.yaml and
 *   config-spm.yaml; the telemetry config is the collector's otelconftelemetry (service v0.140.0).
 * - jaeger_query: cmd/jaeger/internal/extension/jaegerquery/config.go (storage.traces) with
 *   cmd/query/app/flags.go QueryOptions (http: confighttp.ServerConfig, grpc:
 *   configgrpc.ServerConfig, both `endpoint`).
 * - jaeger_storage: cmd/jaeger/internal/extension/jaegerstorage/config.go (backends.<name>.memory
 *   max_traces: internal/storage/v1/memory; badger directories.keys/values, ephemeral, ttl.spans:
 *   internal/storage/v1/badger/config.go).
 * - healthcheckv2: collector-contrib internal/healthcheck v0.140.1 (use_v2, http.endpoint,
 *   http.status.enabled/path; the status path defaults to /status).
 * - spanmetrics: collector-contrib connector/spanmetricsconnector v0.140.1 config.go (namespace,
 *   histogram.unit "s"|"ms", metrics_flush_interval).
 * - prometheus exporter: collector-contrib exporter/prometheusexporter v0.140.1 (endpoint).
 * Paths are relative to Jaeger's working directory, the stack's jaeger/.
 */
export function jaegerConfig(model: Model): Record<string, unknown> {
  const j = model.jaeger;
  const at = (port: number) => `${j.listenHost}:${port}`;
  const store =
    j.storage.kind === 'memory'
      ? { memory: { max_traces: j.storage.maxTraces } }
      : {
          badger: {
            directories: { keys: './data/badger/keys', values: './data/badger/values' },
            ephemeral: false,
            ttl: { spans: j.storage.retention },
          },
        };
  return {
    service: {
      extensions: ['jaeger_storage', 'jaeger_query', 'healthcheckv2'],
      pipelines: {
        traces: { receivers: ['otlp'], processors: ['batch'], exporters: ['jaeger_storage_exporter', 'spanmetrics'] },
        'metrics/spanmetrics': { receivers: ['spanmetrics'], exporters: ['prometheus'] },
      },
      telemetry: {
        resource: { 'service.name': 'jaeger' },
        metrics: {
          level: 'detailed',
          readers: [{ pull: { exporter: { prometheus: { host: j.listenHost, port: j.ports.metrics } } } }],
        },
        logs: { level: 'info' },
      },
    },
    extensions: {
      healthcheckv2: {
        use_v2: true,
        http: { endpoint: at(j.ports.health), status: { enabled: true, path: component('jaeger').readyPath } },
      },
      jaeger_query: {
        storage: { traces: STORE },
        http: { endpoint: at(j.ports.query) },
        grpc: { endpoint: at(j.ports.queryGrpc) },
      },
      jaeger_storage: { backends: { [STORE]: store } },
    },
    receivers: {
      otlp: { protocols: { grpc: { endpoint: at(j.ports.otlpGrpc) }, http: { endpoint: at(j.ports.otlpHttp) } } },
    },
    processors: { batch: {} },
    connectors: {
      spanmetrics: {
        namespace: JAEGER_SPANMETRICS.namespace,
        histogram: { unit: JAEGER_SPANMETRICS.histogramUnit },
        metrics_flush_interval: SPANMETRICS_FLUSH_INTERVAL,
      },
    },
    exporters: { jaeger_storage_exporter: { trace_storage: STORE }, prometheus: { endpoint: at(j.ports.spanMetrics) } },
  };
}

export const jaegerGenerator: Generator = {
  name: 'jaeger',
  generate: (model) =>
    model.jaeger.enabled
      ? [
          {
            path: files.jaegerConfig,
            content: toYaml(
              jaegerConfig(model),
              `${generatedHeader(model.specName)}\n# Run: jaeger --config file:config.yaml (Jaeger v2), in this directory.`,
            ),
          },
        ]
      : [],
};
