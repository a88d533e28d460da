import { counter, gauge, histogram, shapes } from './fixtures.js';
import type { Pack } from './types.js';

/**
 * The other 8 of the 16 rules: the application's own metrics (002_415c0710881a1df7.txt), with
 * thresholds from 002 and 004. Metric names carry the service's prefix (mystocks_ in the seeds).
 */
interface P {
  prefix: string;
}
const m = (p: P, name: string) => `${p.prefix}${name}`;

export const business: Pack<P> = {
  name: 'business',
  params: (section, ctx) => {
    if (typeof section.metricPrefix === 'string') return { prefix: section.metricPrefix };
    const service = typeof section.service === 'string' ? ctx.services.get(section.service) : undefined;
    return { prefix: service?.metricPrefix ?? '' };
  },
  rules: [
    {
      alert: 'HighHTTPErrorRate',
      severity: 'critical',
      for: '5m',
      compare: '>',
      threshold: { param: 'errorRate', default: 0.05, unit: 'ratio' },
      expr: (p, t) =>
        `sum(rate(${m(p, 'http_requests_total')}{status=~"5.."}[5m])) / sum(rate(${m(p, 'http_requests_total')}[5m])) > ${t}`,
      summary: (_p, t) => `More than ${t * 100}% of HTTP requests fail`,
      description: () => '{{ $value | humanizePercentage }} of HTTP requests answered 5xx over 5 minutes.',
      fixture: (p) => ({
        series: (v) => [
          counter(m(p, 'http_requests_total'), { method: 'GET', status: '500' }, 10 * v),
          counter(m(p, 'http_requests_total'), { method: 'GET', status: '200' }, 10 * (1 - v)),
        ],
        value: shapes.ratio,
        labels: {},
      }),
    },
    {
      alert: 'HighHTTPLatencyP95',
      severity: 'warning',
      for: '5m',
      compare: '>',
      threshold: { param: 'latencyP95', default: 2, unit: 'seconds' },
      expr: (p, t) =>
        `histogram_quantile(0.95, sum by (le) (rate(${m(p, 'http_request_duration_seconds_bucket')}[5m]))) > ${t}`,
      summary: (_p, t) => `HTTP p95 latency above ${t}s`,
      description: () => 'The 95th percentile of HTTP request duration is {{ $value | humanize }}s.',
      fixture: (p) => ({
        series: (v) => histogram(m(p, 'http_request_duration_seconds_bucket'), { method: 'GET' }, v),
        value: shapes.ratio,
        labels: {},
      }),
    },
    {
      alert: 'HTTPTrafficStopped',
      severity: 'warning',
      for: '10m',
      compare: '==',
      expr: (p) => `sum(rate(${m(p, 'http_requests_total')}[10m])) == 0`,
      summary: () => 'No HTTP traffic',
      description: () => 'The application has served no HTTP request for 10 minutes.',
      fixture: (p) => ({
        series: (v) => [counter(m(p, 'http_requests_total'), { method: 'GET', status: '200' }, v)],
        value: shapes.rate(10),
        labels: {},
      }),
    },
    {
      alert: 'LowCacheHitRate',
      severity: 'warning',
      for: '10m',
      compare: '<',
      threshold: { param: 'cacheHitRate', default: 0.8, unit: 'ratio' },
      expr: (p, t) =>
        `sum(rate(${m(p, 'cache_hits_total')}[5m])) / (sum(rate(${m(p, 'cache_hits_total')}[5m])) + sum(rate(${m(p, 'cache_misses_total')}[5m]))) < ${t}`,
      summary: (_p, t) => `Cache hit rate below ${t * 100}%`,
      description: () => 'Only {{ $value | humanizePercentage }} of cache lookups hit.',
      fixture: (p) => ({
        series: (v) => [
          counter(m(p, 'cache_hits_total'), { cache: 'redis' }, 10 * v),
          counter(m(p, 'cache_misses_total'), { cache: 'redis' }, 10 * (1 - v)),
        ],
        value: shapes.ratio,
        labels: {},
      }),
    },
    {
      alert: 'DBConnectionPoolSaturated',
      severity: 'warning',
      for: '5m',
      compare: '>',
      threshold: { param: 'dbPoolSaturation', default: 0.9, unit: 'ratio' },
      expr: (p, t) =>
        `sum(${m(p, 'db_connections_active')}) / (sum(${m(p, 'db_connections_active')}) + sum(${m(p, 'db_connections_idle')})) > ${t}`,
      summary: (_p, t) => `Database connection pool more than ${t * 100}% busy`,
      description: () => '{{ $value | humanizePercentage }} of database connections are in use.',
      fixture: (p) => ({
        series: (v) => [
          gauge(m(p, 'db_connections_active'), { database: 'postgresql' }, 100 * v),
          gauge(m(p, 'db_connections_idle'), { database: 'postgresql' }, 100 * (1 - v)),
        ],
        value: shapes.gauge,
        labels: {},
      }),
    },
    {
      alert: 'APIHealthDegraded',
      severity: 'critical',
      for: '2m',
      compare: '==',
      expr: (p) => `min(${m(p, 'api_health_status')}) == 0`,
      summary: () => 'An API health check fails',
      description: () => 'At least one API health check reports unhealthy.',
      fixture: (p) => ({
        series: (v) => [gauge(m(p, 'api_health_status'), { endpoint: '/api/health' }, v)],
        value: shapes.gauge,
        labels: {},
      }),
    },
    {
      alert: 'DataSourceUnavailable',
      severity: 'critical',
      for: '1m',
      compare: '==',
      expr: (p) => `${m(p, 'datasource_availability')} == 0`,
      summary: () => 'A data source is unavailable',
      description: () => 'Data source {{ $labels.datasource }} is unavailable.',
      fixture: (p) => ({
        series: (v) => [gauge(m(p, 'datasource_availability'), { datasource: 'tdengine' }, v)],
        value: shapes.gauge,
        labels: { datasource: 'tdengine' },
      }),
    },
    {
      alert: 'SlowDatabaseQueries',
      severity: 'warning',
      for: '3m',
      compare: '>',
      threshold: { param: 'slowQueryP95', default: 5, unit: 'seconds' },
      expr: (p, t) =>
        `histogram_quantile(0.95, sum by (le) (rate(${m(p, 'db_query_duration_seconds_bucket')}[5m]))) > ${t}`,
      summary: (_p, t) => `Database p95 query time above ${t}s`,
      description: () => 'The 95th percentile of database query time is {{ $value | humanize }}s.',
      fixture: (p) => ({
        series: (v) => histogram(m(p, 'db_query_duration_seconds_bucket'), { operation: 'select' }, v),
        value: shapes.ratio,
        labels: {},
      }),
    },
  ],
};
