import { exporterJobs } from '../model/datastores.js';
import type { ComponentSpec } from './types.js';

/**
 * mysqld_exporter 0.14 (Debian's prometheus-mysqld-exporter) for MySQL or MariaDB at
 * datastores.mysql.address. 0.14 reads its DSN from DATA_SOURCE_NAME (go-sql-driver form
 * user:password@(host:port)/); the password reaches it only there, in its own environment.
 * The Compose image is the same 0.14.0: 0.15 dropped DATA_SOURCE_NAME.
 */
export const mysqldExporter = {
  title: 'mysqld_exporter',
  binary: 'mysqld_exporter',
  job: exporterJobs.mysql,
  metrics: /^mysql_/,
  ports: {
    http: { specPath: ['datastores', 'mysql', 'exporterPort'], local: 19104, container: 9104, what: 'mysqld_exporter' },
  },
  readyPath: '/metrics',
  reads: () => false,
  secrets: (m) => (m.datastores.mysql?.password ? [m.datastores.mysql.password] : []),
  secretsVia: 'env',
  secretEnv: (m) => {
    const d = m.datastores.mysql!;
    return d.password
      ? [
          {
            variable: 'DATA_SOURCE_NAME',
            secret: d.password,
            before: `${d.user ?? 'root'}:`,
            after: `@(${d.address})/`,
          },
        ]
      : [];
  },
  env: (m): Record<string, string> => {
    const d = m.datastores.mysql!;
    return d.password ? {} : { DATA_SOURCE_NAME: `${d.user ?? 'root'}@(${d.address})/` };
  },
  enabled: (m) => m.datastores.mysql !== undefined,
  place: (m) => m.datastores.mysql!.exporter,
  flags: (m, at) => [`--web.listen-address=${at.listen(m.datastores.mysql!.exporter, true)}`],
  container: {
    service: 'mysqld-exporter',
    image: () => 'prom/mysqld-exporter:v0.14.0',
    mounts: [],
    wget: () => 'wget',
    reachesHost: true,
  },
} satisfies ComponentSpec;
