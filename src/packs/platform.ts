import { counter, gauge, histogram, shapes } from './fixtures.js';
import type { Pack } from './types.js';

/**
 * The 7 rules of the platform guide (003_e3fd8b8f303513e9.txt). Its HighResponseTime compared a
 * histogram series directly with `> 2`; here it is a p95 over the buckets, as it should be.
 */
interface P {
  prefix: string;
  /** datastores with their own pack (datastores:), whose Down alert replaces this pack's */
  managed: ReadonlyMap<string, unknown>;
}
const node = { job: 'node', instance: 'host:9100' };
const fs = { ...node, device: '/dev/sda1', fstype: 'ext4', mountpoint: '/' };
const app = { job: 'api', instance: 'api:8000' };

export const platform: Pack<P> = {
  name: 'platform',
  params: (section, ctx) => ({
    prefix: typeof section.metricPrefix === 'string' ? section.metricPrefix : '',
    managed: ctx.datastores ?? new Map(),
  }),
  rules: [
    {
      alert: 'HighCPUUsage',
      severity: 'warning',
      for: '5m',
      compare: '>',
      threshold: { param: 'cpuPercent', default: 80, unit: 'percent' },
      expr: (_p, t) => `100 - avg by (instance) (rate(node_cpu_seconds_total{mode="idle"}[5m])) * 100 > ${t}`,
      summary: (_p, t) => `CPU usage above ${t}%`,
      description: () => 'CPU usage on {{ $labels.instance }} is {{ $value | humanize }}%.',
      fixture: () => ({
        series: (v) => [counter('node_cpu_seconds_total', { ...node, cpu: '0', mode: 'idle' }, 1 - v / 100)],
        // idle time is under-read before the window fills, so usage reads high early on
        value: (t, v) => (t < 1 ? undefined : 100 - (1 - v / 100) * (Math.min(t, 5) / 5) * 100),
        labels: { instance: node.instance },
      }),
    },
    {
      alert: 'HighMemoryUsage',
      severity: 'warning',
      for: '5m',
      compare: '>',
      threshold: { param: 'memoryPercent', default: 85, unit: 'percent' },
      expr: (_p, t) => `(1 - node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes) * 100 > ${t}`,
      summary: (_p, t) => `Memory usage above ${t}%`,
      description: () => 'Memory usage on {{ $labels.instance }} is {{ $value | humanize }}%.',
      fixture: () => ({
        series: (v) => [
          gauge('node_memory_MemAvailable_bytes', node, 1e10 * (1 - v / 100)),
          gauge('node_memory_MemTotal_bytes', node, 1e10),
        ],
        value: shapes.gauge,
        labels: node,
      }),
    },
    {
      alert: 'HighDiskUsage',
      severity: 'warning',
      for: '5m',
      compare: '>',
      threshold: { param: 'diskPercent', default: 90, unit: 'percent' },
      expr: (_p, t) =>
        `(1 - node_filesystem_avail_bytes{fstype!~"tmpfs|overlay"} / node_filesystem_size_bytes{fstype!~"tmpfs|overlay"}) * 100 > ${t}`,
      summary: (_p, t) => `Disk usage above ${t}%`,
      description: () => '{{ $labels.mountpoint }} on {{ $labels.instance }} is {{ $value | humanize }}% full.',
      fixture: () => ({
        series: (v) => [
          gauge('node_filesystem_avail_bytes', fs, 1e11 * (1 - v / 100)),
          gauge('node_filesystem_size_bytes', fs, 1e11),
        ],
        value: shapes.gauge,
        labels: fs,
      }),
    },
    {
      alert: 'HighResponseTime',
      severity: 'warning',
      for: '2m',
      compare: '>',
      threshold: { param: 'latencyP95', default: 2, unit: 'seconds' },
      expr: (p, t) =>
        `histogram_quantile(0.95, sum by (job, le) (rate(${p.prefix}http_request_duration_seconds_bucket[5m]))) > ${t}`,
      summary: (_p, t) => `p95 response time above ${t}s`,
      description: () => '{{ $labels.job }}: the 95th percentile of response time is {{ $value | humanize }}s.',
      fixture: (p) => ({
        series: (v) => histogram(`${p.prefix}http_request_duration_seconds_bucket`, app, v),
        value: shapes.ratio,
        labels: { job: app.job },
      }),
    },
    {
      alert: 'HighErrorRate',
      severity: 'critical',
      for: '5m',
      compare: '>',
      threshold: { param: 'errorRate', default: 0.05, unit: 'ratio' },
      expr: (p, t) =>
        `sum by (job) (rate(${p.prefix}http_requests_total{status=~"5.."}[5m])) / sum by (job) (rate(${p.prefix}http_requests_total[5m])) > ${t}`,
      summary: (_p, t) => `Error rate above ${t * 100}%`,
      description: () => '{{ $labels.job }}: {{ $value | humanizePercentage }} of requests fail.',
      fixture: (p) => ({
        series: (v) => [
          counter(`${p.prefix}http_requests_total`, { ...app, status: '503' }, 10 * v),
          counter(`${p.prefix}http_requests_total`, { ...app, status: '200' }, 10 * (1 - v)),
        ],
        value: shapes.ratio,
        labels: { job: app.job },
      }),
    },
    {
      alert: 'RedisDown',
      severity: 'critical',
      for: '1m',
      compare: '==',
      // with datastores.redis, the redis pack's RedisDown (same name, its exporter's job) takes its place
      when: (p) => !p.managed.has('redis'),
      expr: () => 'redis_up == 0',
      summary: () => 'Redis is down',
      description: () => 'The Redis exporter at {{ $labels.instance }} cannot reach Redis.',
      fixture: () => {
        const l = { job: 'redis', instance: 'redis:9121' };
        return { series: (v) => [gauge('redis_up', l, v)], value: shapes.gauge, labels: l };
      },
    },
    {
      alert: 'MySQLDown',
      severity: 'critical',
      for: '1m',
      compare: '==',
      when: (p) => !p.managed.has('mysql'),
      expr: () => 'mysql_up == 0',
      summary: () => 'MySQL is down',
      description: () => 'The MySQL exporter at {{ $labels.instance }} cannot reach MySQL.',
      fixture: () => {
        const l = { job: 'mysql', instance: 'mysql:9104' };
        return { series: (v) => [gauge('mysql_up', l, v)], value: shapes.gauge, labels: l };
      },
    },
  ],
};
