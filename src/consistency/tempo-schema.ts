/**
 * Strict schemas of the Tempo configuration keys mon emits, one per major version. Tempo reads its
 * file with yaml.UnmarshalStrict (cmd/tempo/main.go at v2.8.1 and v3.0.0): an unknown key stops
 * it, and it cannot run here, so this is how a key of the wrong version or a typo is caught.
 * Every key below is a yaml tag of Tempo's config structs at the pinned tags (grafana/tempo v2.8.1
 * and v3.0.0, the images in model/conventions.ts), the file of each named beside it.
 */
const obj = (properties: Record<string, unknown>, required: string[] = []) => ({
  type: 'object',
  additionalProperties: false,
  properties,
  required,
});
const str = { type: 'string' };
const port = { type: 'integer', minimum: 1, maximum: 65535 };
const endpoint = obj({ endpoint: { type: 'string', pattern: '^[^:]+:[0-9]+$' } }, ['endpoint']);
/** Go's time.ParseDuration: no d, w or y */
const goDuration = { type: 'string', pattern: '^([0-9]+(\\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$' };
const path = obj({ path: str }, ['path']);
/** instance_addr of a ring: pkg/ring/config.go (v3.0.0), modules/*_ring.go (v2.8.1) */
const ring = obj({ instance_addr: str });

export type TempoVersion = '2' | '3';

/**
 * metrics-generator processors: SupportedProcessors in modules/generator/instance.go at v2.8.1;
 * modules/generator/validation/fields.go at v3.0.0, where local-blocks is gone.
 */
export const TEMPO_PROCESSORS: Record<TempoVersion, readonly string[]> = {
  '2': [
    'service-graphs',
    'span-metrics',
    'local-blocks',
    'span-metrics-count',
    'span-metrics-latency',
    'span-metrics-size',
    'host-info',
  ],
  '3': [
    'service-graphs',
    'span-metrics',
    'span-metrics-count',
    'span-metrics-latency',
    'span-metrics-size',
    'host-info',
  ],
};

export function tempoSchema(version: TempoVersion): Record<string, unknown> {
  const common: Record<string, unknown> = {
    stream_over_http_enabled: { type: 'boolean' },
    // dskit server.Config (vendor/github.com/grafana/dskit/server/server.go)
    server: obj(
      { http_listen_address: str, http_listen_port: port, grpc_listen_address: str, grpc_listen_port: port },
      ['http_listen_port'],
    ),
    // modules/distributor/config.go: receivers, ring
    distributor: obj(
      { ring, receivers: obj({ otlp: obj({ protocols: obj({ grpc: endpoint, http: endpoint }) }, ['protocols']) }) },
      ['receivers'],
    ),
    // modules/generator/config.go, registry/config.go, storage/config.go
    metrics_generator: obj(
      {
        ring,
        registry: obj({ external_labels: { type: 'object', additionalProperties: str } }),
        storage: obj(
          {
            path: str,
            remote_write: {
              type: 'array',
              items: obj({ url: { type: 'string', pattern: '^https?://' }, send_exemplars: { type: 'boolean' } }, [
                'url',
              ]),
            },
          },
          ['path'],
        ),
      },
      ['storage'],
    ),
    // modules/blockbuilder/config.go
    block_builder: obj({ wal: path }),
    // modules/storage/config.go, tempodb/backend/{local,s3}/config.go, tempodb/wal/wal.go
    storage: obj(
      {
        trace: obj(
          {
            backend: { enum: ['local', 's3', 'gcs', 'azure'] },
            wal: path,
            local: path,
            s3: obj(
              {
                bucket: str,
                endpoint: str,
                insecure: { type: 'boolean' },
                forcepathstyle: { type: 'boolean' },
                access_key: str,
                secret_key: str,
              },
              ['bucket', 'endpoint'],
            ),
          },
          ['backend', 'wal'],
        ),
      },
      ['trace'],
    ),
    // modules/overrides/config.go: defaults.metrics_generator.processors
    overrides: obj({
      defaults: obj({
        metrics_generator: obj({ processors: { type: 'array', items: { enum: [...TEMPO_PROCESSORS[version]] } } }),
      }),
    }),
    // dskit kv/memberlist: memberlist_client.go (advertise_addr), tcp_transport.go (bind_addr)
    memberlist: obj({ bind_addr: { type: 'array', items: str }, advertise_addr: str }),
    // pkg/usagestats/config.go
    usage_report: obj({ reporting_enabled: { type: 'boolean' } }),
  };
  const compaction = obj({ compaction: obj({ block_retention: goDuration }), ring });
  const byVersion: Record<string, unknown> =
    version === '2'
      ? {
          // modules/ingester/config.go (lifecycler: dskit ring.LifecyclerConfig, `address`)
          ingester: obj({ lifecycler: obj({ address: str }), max_block_duration: goDuration }),
          // modules/compactor/config.go
          compactor: compaction,
        }
      : {
          // modules/livestore/config.go
          live_store: obj({ ring, wal: path, shutdown_marker_dir: str }),
          // modules/backendscheduler/config.go
          backend_scheduler: obj({ local_work_path: str }),
          // modules/backendworker/config.go
          backend_worker: compaction,
        };
  return obj({ ...common, ...byVersion }, ['server', 'distributor', 'storage']);
}

/** Top-level blocks of one line that the other refuses, and what to say instead of "unknown key". */
export const TEMPO_OTHER_VERSION_KEYS: Record<TempoVersion, Record<string, string>> = {
  '2': { live_store: 'Tempo 2.x has no live_store block (it came with 3.0)' },
  '3': {
    ingester: 'Tempo 3.x has no ingester block',
    compactor: 'Tempo 3.0 has no compactor block: retention is backend_worker.compaction.block_retention',
  },
};
