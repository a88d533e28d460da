import { toYaml } from '../../artifacts/serialize.js';
import { defaultPort } from '../../components/index.js';
import { files, generatedHeader, LOCAL_HOST } from '../../model/conventions.js';
import type { Model } from '../../model/types.js';
import type { Generator } from '../types.js';

/** Loki's own gRPC port (server.grpc-listen-port, dskit server defaults at grafana/loki v3.3.2), in a container. */
const CONTAINER_GRPC_PORT = 9095;
/** The image's data volume, owned by its user 10001 (cmd/loki/Dockerfile at v3.3.2). */
const CONTAINER_PREFIX = '/loki';

/**
 * A single-binary Loki on local disk, every key a yaml tag of Loki's config structs at the pinned
 * tag (grafana/loki v3.3.2; Loki reads its file with yaml.UnmarshalStrict, pkg/util/cfg/files.go):
 * the shape of cmd/loki/loki-local-config.yaml there, with mon's ports and paths. common.path_prefix
 * places every directory Loki writes (WAL, compactor, TSDB index, rules: applyPathPrefixDefaults in
 * pkg/loki/config_wrapper.go); local paths are relative to the working directory `mon deploy` sets.
 */
export function lokiConfig(model: Model): Record<string, unknown> {
  const l = model.loki;
  const local = model.target === 'local';
  const prefix = local ? './data' : CONTAINER_PREFIX;
  return {
    auth_enabled: false,
    server: {
      http_listen_address: l.listenHost,
      http_listen_port: l.port,
      grpc_listen_address: l.listenHost,
      grpc_listen_port: local ? defaultPort('loki', 'grpc') : CONTAINER_GRPC_PORT,
    },
    common: {
      // pkg/loki/common/common.go: instance_addr is what every ring member advertises
      ...(local ? { instance_addr: LOCAL_HOST } : {}),
      path_prefix: prefix,
      storage: { filesystem: { chunks_directory: `${prefix}/chunks`, rules_directory: `${prefix}/rules` } },
      replication_factor: 1,
      ring: { kvstore: { store: 'inmemory' } },
    },
    // pkg/storage/config/schema_config.go: one TSDB period on the filesystem, schema v13
    schema_config: {
      configs: [
        {
          from: '2024-01-01',
          store: 'tsdb',
          object_store: 'filesystem',
          schema: 'v13',
          index: { prefix: 'index_', period: '24h' },
        },
      ],
    },
    // on by default (pkg/analytics/reporter.go)
    analytics: { reporting_enabled: false },
  };
}

export const lokiGenerator: Generator = {
  name: 'loki',
  generate: (model) =>
    model.loki.enabled
      ? [{ path: files.lokiConfig, content: toYaml(lokiConfig(model), generatedHeader(model.specName)) }]
      : [],
};
