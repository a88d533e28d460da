import { exporterJobs } from '../model/datastores.js';
import { files } from '../model/conventions.js';
import type { ComponentSpec } from './types.js';

/**
 * postgres_exporter 0.11 (Debian's prometheus-postgres-exporter) for the PostgreSQL at
 * datastores.postgres.address: DATA_SOURCE_URI, DATA_SOURCE_USER and the password as
 * DATA_SOURCE_PASS (from {env}) or DATA_SOURCE_PASS_FILE (a {file}'s path), its documented
 * variables; plus mon's replication-lag query (--extend.query-path).
 */
export const postgresExporter = {
  title: 'postgres_exporter',
  binary: 'postgres_exporter',
  job: exporterJobs.postgres,
  metrics: /^pg_/,
  ports: {
    http: {
      specPath: ['datastores', 'postgres', 'exporterPort'],
      local: 19187,
      container: 9187,
      what: 'postgres_exporter',
    },
  },
  readyPath: '/metrics',
  reads: (f) => f === files.postgresQueries,
  secrets: (m) => (m.datastores.postgres?.password ? [m.datastores.postgres.password] : []),
  secretsVia: 'env',
  secretEnv: (m) => {
    const d = m.datastores.postgres!;
    return d.password
      ? [{ variable: 'DATA_SOURCE_PASS', secret: d.password, fileVariable: 'DATA_SOURCE_PASS_FILE' }]
      : [];
  },
  env: (m) => {
    const d = m.datastores.postgres!;
    return {
      DATA_SOURCE_URI: `${d.address}/${d.database}?sslmode=${d.sslmode}`,
      DATA_SOURCE_USER: d.user ?? 'postgres',
    };
  },
  enabled: (m) => m.datastores.postgres !== undefined,
  place: (m) => m.datastores.postgres!.exporter,
  flags: (m, at) => [
    `--extend.query-path=${at.config(files.postgresQueries)}`,
    `--web.listen-address=${at.listen(m.datastores.postgres!.exporter, true)}`,
  ],
  container: {
    service: 'postgres-exporter',
    image: () => 'quay.io/prometheuscommunity/postgres-exporter:v0.11.1',
    mounts: [[files.postgresQueries, '/etc/postgres_exporter/queries.yaml']],
    wget: () => 'wget',
    reachesHost: true,
  },
} satisfies ComponentSpec;
