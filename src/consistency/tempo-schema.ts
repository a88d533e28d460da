/**
 * A strict schema of the Tempo configuration keys mon emits (2.x and 3.x single binary). Tempo
 * refuses unknown keys and cannot run here, so this is how a typo in a generator is caught.
 */
const obj = (properties: Record<string, unknown>, required: string[] = []) => ({ type: 'object', additionalProperties: false, properties, required });
const str = { type: 'string' };
const port = { type: 'integer', minimum: 1, maximum: 65535 };
const endpoint = obj({ endpoint: { type: 'string', pattern: '^[^:]+:[0-9]+$' } }, ['endpoint']);

export const tempoSchema = obj(
  {
    stream_over_http_enabled: { type: 'boolean' },
    server: obj({ http_listen_address: str, http_listen_port: port, grpc_listen_address: str, grpc_listen_port: port }, ['http_listen_port']),
    distributor: obj({ receivers: obj({ otlp: obj({ protocols: obj({ grpc: endpoint, http: endpoint }) }, ['protocols']) }) }, ['receivers']),
    ingester: obj({ max_block_duration: str }),
    compactor: obj({ compaction: obj({ block_retention: { type: 'string', pattern: '^[0-9]+(ms|s|m|h)$' } }) }),
    metrics_generator: obj(
      {
        registry: obj({ external_labels: { type: 'object', additionalProperties: str } }),
        storage: obj({ path: str, remote_write: { type: 'array', items: obj({ url: { type: 'string', pattern: '^https?://' }, send_exemplars: { type: 'boolean' } }, ['url']) } }, ['path']),
      },
      ['storage'],
    ),
    storage: obj(
      {
        trace: obj(
          {
            backend: { enum: ['local', 's3', 'gcs', 'azure'] },
            wal: obj({ path: str }, ['path']),
            local: obj({ path: str }, ['path']),
            s3: obj({ bucket: str, endpoint: str, insecure: { type: 'boolean' }, forcepathstyle: { type: 'boolean' }, access_key: str, secret_key: str }, ['bucket', 'endpoint']),
          },
          ['backend', 'wal'],
        ),
      },
      ['trace'],
    ),
    overrides: obj({ defaults: obj({ metrics_generator: obj({ processors: { type: 'array', items: { enum: ['service-graphs', 'span-metrics', 'local-blocks'] } } }) }) }),
  },
  ['server', 'distributor', 'storage'],
);
