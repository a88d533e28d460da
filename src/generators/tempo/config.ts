import { toYaml } from '../../artifacts/serialize.js';
import { files, generatedHeader, remoteWriteUrl } from '../../model/conventions.js';
import { generatorOn } from '../../model/observability.js';
import type { Model, Secret } from '../../model/types.js';
import type { Generator } from '../types.js';

/** Tempo reads S3 keys from its environment (-config.expand-env=true), never from this file. */
const envRef = (s: Secret | undefined) => (s?.kind === 'env' ? `\${${s.name}}` : undefined);

/** Paths are relative to Tempo's working directory, which `mon deploy` sets to the stack's tempo/. */
export function tempoConfig(model: Model): Record<string, unknown> {
  const t = model.tempo;
  const processors = [...(t.serviceGraphs ? ['service-graphs'] : []), ...(t.spanMetrics ? ['span-metrics'] : [])];
  const config: Record<string, unknown> = {
    stream_over_http_enabled: true,
    server: { http_listen_address: t.listenHost, http_listen_port: t.ports.http, grpc_listen_address: t.listenHost, grpc_listen_port: t.ports.grpc },
    distributor: {
      receivers: { otlp: { protocols: { grpc: { endpoint: `0.0.0.0:${t.ports.otlpGrpc}` }, http: { endpoint: `0.0.0.0:${t.ports.otlpHttp}` } } } },
    },
  };
  if (t.version === '2') config.ingester = { max_block_duration: '5m' };
  config.compactor = { compaction: { block_retention: t.retention } };
  if (generatorOn(t)) {
    config.metrics_generator = {
      registry: { external_labels: { source: 'tempo', ...model.prometheus.externalLabels } },
      storage: { path: './data/generator/wal', remote_write: [{ url: remoteWriteUrl(model.prometheus.address), send_exemplars: true }] },
    };
  }
  const trace: Record<string, unknown> = { backend: t.storage.kind, wal: { path: './data/wal' } };
  if (t.storage.kind === 'local') trace.local = { path: './data/blocks' };
  else {
    const s3: Record<string, unknown> = { bucket: t.storage.bucket, endpoint: t.storage.endpoint, insecure: t.storage.insecure, forcepathstyle: t.storage.forcePathStyle };
    const ak = envRef(t.storage.accessKey);
    const sk = envRef(t.storage.secretKey);
    if (ak) s3.access_key = ak;
    if (sk) s3.secret_key = sk;
    trace.s3 = s3;
  }
  config.storage = { trace };
  if (processors.length) config.overrides = { defaults: { metrics_generator: { processors } } };
  return config;
}

export const tempoGenerator: Generator = {
  name: 'tempo',
  generate: (model) =>
    model.tempo.enabled
      ? [
          {
            path: files.tempoConfig,
            content: toYaml(tempoConfig(model), `${generatedHeader(model.specName)}\n# Run with -config.expand-env=true when S3 keys come from the environment.`),
          },
        ]
      : [],
};
