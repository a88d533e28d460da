import { toYaml } from '../../artifacts/serialize.js';
import { files, generatedHeader, LOCAL_HOST, remoteWriteUrl } from '../../model/conventions.js';
import { generatorOn } from '../../model/observability.js';
import type { Model, Secret } from '../../model/types.js';
import type { Generator } from '../types.js';

/** Tempo reads S3 keys from its environment (-config.expand-env=true), never from this file. */
const envRef = (s: Secret | undefined) => (s?.kind === 'env' ? `\${${s.name}}` : undefined);

/**
 * Every path Tempo writes, relative to its working directory (`mon deploy` sets it to the stack's
 * data/tempo; the Compose service to its /var/tempo volume). Left unset, Tempo writes under
 * /var/tempo: storage.trace.wal.path and block_builder.wal.path in modules/storage/config.go and
 * modules/blockbuilder/config.go at v2.8.1; at v3.0.0 also live_store.wal.path and
 * live_store.shutdown_marker_dir (modules/livestore/config.go) and backend_scheduler.local_work_path
 * (modules/backendscheduler/config.go).
 */
const PATHS = {
  wal: './data/wal',
  blocks: './data/blocks',
  generatorWal: './data/generator/wal',
  blockBuilderWal: './data/block-builder/traces',
  liveStoreWal: './data/live-store/traces',
  shutdownMarker: './data/live-store/shutdown-marker',
  schedulerWork: './data/backend-scheduler',
} as const;

/**
 * On the local target every ring member must advertise 127.0.0.1: gRPC binds it, but a ring's
 * default instance address is the host's first interface (instance_interface_names [eth0, en0],
 * dskit ring.GetInstanceAddr), where nothing listens, so queries to the ingester (2.x) or the
 * live-store (3.0) fail. Ring configs: modules/ingester/config.go (lifecycler.address, dskit
 * LifecyclerConfig), modules/{distributor,compactor,generator}/*_ring.go at v2.8.1;
 * pkg/ring/config.go (live_store, metrics_generator), modules/distributor/distributor_ring.go,
 * modules/backendworker/backendworker_ring.go at v3.0.0.
 */
const ring = (local: boolean) => (local ? { ring: { instance_addr: LOCAL_HOST } } : {});

/** Paths are relative to Tempo's working directory, which `mon deploy` sets to the stack's data/tempo. */
export function tempoConfig(model: Model): Record<string, unknown> {
  const t = model.tempo;
  const local = model.target === 'local';
  const v3 = t.version === '3';
  const processors = [...(t.serviceGraphs ? ['service-graphs'] : []), ...(t.spanMetrics ? ['span-metrics'] : [])];
  // OTLP receivers bind where the HTTP API does: 127.0.0.1 on the local target, every interface in a container
  const otlp = (port: number) => ({ endpoint: `${t.listenHost}:${port}` });
  const config: Record<string, unknown> = {
    stream_over_http_enabled: true,
    server: {
      http_listen_address: t.listenHost,
      http_listen_port: t.ports.http,
      grpc_listen_address: t.listenHost,
      grpc_listen_port: t.ports.grpc,
    },
    distributor: {
      ...ring(local),
      receivers: { otlp: { protocols: { grpc: otlp(t.ports.otlpGrpc), http: otlp(t.ports.otlpHttp) } } },
    },
  };
  // retention: compactor.compaction.block_retention in 2.x (modules/compactor/config.go at v2.8.1);
  // 3.0 has no compactor (cmd/tempo/app/config.go at v3.0.0): backend_worker.compaction.block_retention
  const compaction = { compaction: { block_retention: t.retention } };
  if (v3) {
    config.live_store = {
      ...ring(local),
      wal: { path: PATHS.liveStoreWal },
      shutdown_marker_dir: PATHS.shutdownMarker,
    };
    config.backend_scheduler = { local_work_path: PATHS.schedulerWork };
    config.backend_worker = { ...compaction, ...ring(local) };
  } else {
    config.ingester = { ...(local ? { lifecycler: { address: LOCAL_HOST } } : {}), max_block_duration: '5m' };
    config.compactor = { ...compaction, ...ring(local) };
  }
  if (generatorOn(t)) {
    config.metrics_generator = {
      ...ring(local),
      registry: { external_labels: { source: 'tempo', ...model.prometheus.externalLabels } },
      storage: {
        path: PATHS.generatorWal,
        remote_write: [{ url: remoteWriteUrl(model.prometheus.address), send_exemplars: true }],
      },
    };
  }
  config.block_builder = { wal: { path: PATHS.blockBuilderWal } };
  const trace: Record<string, unknown> = { backend: t.storage.kind, wal: { path: PATHS.wal } };
  if (t.storage.kind === 'local') trace.local = { path: PATHS.blocks };
  else {
    const s3: Record<string, unknown> = {
      bucket: t.storage.bucket,
      endpoint: t.storage.endpoint,
      insecure: t.storage.insecure,
      forcepathstyle: t.storage.forcePathStyle,
    };
    const ak = envRef(t.storage.accessKey);
    const sk = envRef(t.storage.secretKey);
    if (ak) s3.access_key = ak;
    if (sk) s3.secret_key = sk;
    trace.s3 = s3;
  }
  config.storage = { trace };
  if (processors.length) config.overrides = { defaults: { metrics_generator: { processors } } };
  // memberlist gossip (dskit kv/memberlist: bind_addr, advertise_addr) stays on the machine
  if (local) config.memberlist = { bind_addr: [LOCAL_HOST], advertise_addr: LOCAL_HOST };
  // on by default in both lines (pkg/usagestats/config.go): no report to stats.grafana.org
  config.usage_report = { reporting_enabled: false };
  return config;
}

export const tempoGenerator: Generator = {
  name: 'tempo',
  generate: (model) =>
    model.tempo.enabled
      ? [
          {
            path: files.tempoConfig,
            content: toYaml(
              tempoConfig(model),
              `${generatedHeader(model.specName)}\n# Run with -config.expand-env=true when S3 keys come from the environment.`,
            ),
          },
        ]
      : [],
};
