/**
 * A strict schema of the Loki keys mon emits: each a yaml tag of Loki's config structs at grafana/loki
 * v3.3.2 (the image in model/conventions.ts), which Loki reads with yaml.UnmarshalStrict.
 */
const obj = (properties: Record<string, unknown>, required: string[] = []) => ({
  type: 'object',
  additionalProperties: false,
  properties,
  required,
});
const str = { type: 'string' };
const port = { type: 'integer', minimum: 1, maximum: 65535 };

export const lokiSchema = obj(
  {
    // pkg/loki/loki.go (Config)
    auth_enabled: { type: 'boolean' },
    // dskit server.Config (vendor/github.com/grafana/dskit/server/server.go)
    server: obj(
      { http_listen_address: str, http_listen_port: port, grpc_listen_address: str, grpc_listen_port: port },
      ['http_listen_port'],
    ),
    // pkg/loki/common/common.go; ring: pkg/util/ring/ring_config.go, kvstore: dskit kv/client.go
    common: obj({
      instance_addr: str,
      path_prefix: str,
      storage: obj({ filesystem: obj({ chunks_directory: str, rules_directory: str }) }),
      replication_factor: { type: 'integer', minimum: 1 },
      ring: obj({ kvstore: obj({ store: { enum: ['inmemory', 'memberlist', 'consul', 'etcd', 'multi'] } }) }),
    }),
    // pkg/storage/config/schema_config.go (SchemaConfig, PeriodConfig, IndexPeriodicTableConfig)
    schema_config: obj(
      {
        configs: {
          type: 'array',
          minItems: 1,
          items: obj(
            {
              from: { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' },
              store: { enum: ['tsdb', 'boltdb-shipper'] },
              object_store: str,
              schema: { type: 'string', pattern: '^v[0-9]+$' },
              index: obj({ prefix: str, period: str }),
            },
            ['from', 'store', 'object_store', 'schema'],
          ),
        },
      },
      ['configs'],
    ),
    // pkg/analytics/reporter.go (Config)
    analytics: obj({ reporting_enabled: { type: 'boolean' } }),
  },
  ['server', 'common', 'schema_config'],
);
