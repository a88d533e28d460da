import { exporterJobs } from '../model/datastores.js';
import type { ComponentSpec } from './types.js';

/**
 * redis_exporter (oliver006/redis_exporter 1.45, Debian's prometheus-redis-exporter): one Redis
 * at datastores.redis.address. Its password reaches it only as REDIS_PASSWORD in its own
 * environment (the flag's env default in its main.go), never on its command line.
 */
export const redisExporter = {
  title: 'redis_exporter',
  binary: 'redis_exporter',
  job: exporterJobs.redis,
  metrics: /^redis_/,
  ports: {
    http: { specPath: ['datastores', 'redis', 'exporterPort'], local: 19121, container: 9121, what: 'redis_exporter' },
  },
  readyPath: '/metrics',
  reads: () => false,
  secrets: (m) => (m.datastores.redis?.password ? [m.datastores.redis.password] : []),
  secretsVia: 'env',
  secretEnv: (m) =>
    m.datastores.redis?.password ? [{ variable: 'REDIS_PASSWORD', secret: m.datastores.redis.password }] : [],
  enabled: (m) => m.datastores.redis !== undefined,
  place: (m) => m.datastores.redis!.exporter,
  flags: (m, at) => {
    const d = m.datastores.redis!;
    return [
      `--redis.addr=redis://${d.address}`,
      ...(d.user ? [`--redis.user=${d.user}`] : []),
      `--web.listen-address=${at.listen(d.exporter, true)}`,
    ];
  },
  container: {
    service: 'redis-exporter',
    image: () => 'oliver006/redis_exporter:v1.45.0',
    // a scratch image: no wget, probed by `mon verify`
    mounts: [],
    reachesHost: true,
  },
} satisfies ComponentSpec;
