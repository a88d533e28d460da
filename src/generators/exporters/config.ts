import { toYaml } from '../../artifacts/serialize.js';
import { files, generatedHeader } from '../../model/conventions.js';
import type { Model } from '../../model/types.js';
import type { Generator } from '../types.js';

/**
 * blackbox_exporter's modules, one per probe (config keys of blackbox_exporter 0.23's
 * config/config.go: prober, timeout, http.valid_status_codes, http.method, tcp); IPv4 first, as
 * the probes' targets are mostly 127.0.0.1 or host names with both families.
 */
export function blackboxConfig(model: Model): Record<string, unknown> {
  const modules: Record<string, unknown> = {};
  for (const p of model.probes) {
    const m: Record<string, unknown> = { prober: p.prober, timeout: p.timeout };
    if (p.prober === 'http') {
      const http: Record<string, unknown> = { method: p.method, preferred_ip_protocol: 'ip4' };
      if (p.status.length) http.valid_status_codes = p.status;
      if (p.tlsSkipVerify) http.tls_config = { insecure_skip_verify: true };
      m.http = http;
    } else m.tcp = { preferred_ip_protocol: 'ip4' };
    modules[p.module] = m;
  }
  return { modules };
}

/**
 * The replication-lag query of postgres_exporter's own example queries.yaml (0 on a primary):
 * 0.11 dropped it from its built-in metrics, so mon gives it as --extend.query-path.
 */
export const POSTGRES_QUERIES = {
  pg_replication: {
    query:
      'SELECT CASE WHEN NOT pg_is_in_recovery() THEN 0 ELSE GREATEST (0, EXTRACT(EPOCH FROM (now() - pg_last_xact_replay_timestamp()))) END AS lag',
    master: true,
    metrics: [{ lag: { usage: 'GAUGE', description: 'Replication lag behind primary in seconds' } }],
  },
};

export const exportersGenerator: Generator = {
  name: 'exporters',
  generate: (model) => [
    ...(model.blackbox.enabled
      ? [{ path: files.blackboxConfig, content: toYaml(blackboxConfig(model), generatedHeader(model.specName)) }]
      : []),
    ...(model.datastores.postgres
      ? [{ path: files.postgresQueries, content: toYaml(POSTGRES_QUERIES, generatedHeader(model.specName)) }]
      : []),
  ],
};
