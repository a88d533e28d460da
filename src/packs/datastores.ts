import { exporterJobs } from '../model/datastores.js';
import { counter, gauge, shapes } from './fixtures.js';
import { quote, type Pack, type PackContext } from './types.js';

/**
 * The datastore packs: Redis (redis_exporter), MySQL/MariaDB (mysqld_exporter) and PostgreSQL
 * (postgres_exporter). Every metric they query is one the exporter Debian ships really exposes
 * (1.45.0, 0.14.0, 0.11.1): test/e2e/datastores.test.ts scrapes each against a real server and a
 * real replica and checks every name. Each is on by itself when `datastores.<kind>` is set.
 */
interface P {
  job: string;
  /** datastores.<kind>.replication: the replication rules (their metrics exist only on replicating servers) */
  replication: boolean;
}
const params =
  (kind: string, job: string) =>
  (_s: Record<string, unknown>, ctx: PackContext): P => ({
    job,
    replication: ctx.datastores?.get(kind)?.replication ?? false,
  });
const replicating = (p: P) => p.replication;
const on = (p: P) => `job=${quote(p.job)}`;
const at = (job: string) => ({
  job,
  instance: `127.0.0.1:${job === 'redis' ? 19121 : job === 'mysql' ? 19104 : 19187}`,
});

const redisJob = { job: exporterJobs.redis, instance: '127.0.0.1:19121' };
export const redis: Pack<P> = {
  name: 'redis',
  params: params('redis', exporterJobs.redis),
  labels: () => ({ datastore: 'redis' }),
  rules: [
    {
      alert: 'RedisDown',
      severity: 'critical',
      for: '1m',
      compare: '==',
      expr: (p) => `redis_up{${on(p)}} == 0`,
      summary: () => 'Redis is down',
      description: () => 'redis_exporter {{ $labels.instance }} cannot reach its Redis server.',
      fixture: () => ({ series: (v) => [gauge('redis_up', redisJob, v)], value: shapes.gauge, labels: redisJob }),
    },
    {
      alert: 'RedisTooManyConnections',
      severity: 'warning',
      for: '5m',
      compare: '>',
      threshold: { param: 'connectionsPercent', default: 80, unit: 'percent' },
      expr: (p, t) => `redis_connected_clients{${on(p)}} / redis_config_maxclients{${on(p)}} * 100 > ${t}`,
      summary: (_p, t) => `Redis connections above ${t}% of maxclients`,
      description: () => 'Redis behind {{ $labels.instance }} has {{ $value | humanize }}% of maxclients connected.',
      fixture: () => ({
        series: (v) => [
          gauge('redis_connected_clients', redisJob, v * 100),
          gauge('redis_config_maxclients', redisJob, 10000),
        ],
        value: shapes.gauge,
        labels: redisJob,
      }),
    },
    {
      alert: 'RedisMemoryHigh',
      severity: 'warning',
      for: '5m',
      compare: '>',
      threshold: { param: 'memoryPercent', default: 90, unit: 'percent' },
      // maxmemory 0 (no limit) is left out rather than divided by
      expr: (p, t) => `redis_memory_used_bytes{${on(p)}} / (redis_memory_max_bytes{${on(p)}} > 0) * 100 > ${t}`,
      summary: (_p, t) => `Redis memory above ${t}% of maxmemory`,
      description: () => 'Redis behind {{ $labels.instance }} uses {{ $value | humanize }}% of its maxmemory.',
      fixture: () => ({
        series: (v) => [
          gauge('redis_memory_used_bytes', redisJob, v * 1e7),
          gauge('redis_memory_max_bytes', redisJob, 1e9),
        ],
        value: shapes.gauge,
        labels: redisJob,
      }),
    },
    {
      alert: 'RedisReplicationBroken',
      when: replicating,
      severity: 'critical',
      for: '1m',
      compare: '==',
      // a replica's link to its master (INFO replication master_link_status)
      expr: (p) => `redis_master_link_up{${on(p)}} == 0`,
      summary: () => 'Redis replica lost its master',
      description: () =>
        'The Redis replica behind {{ $labels.instance }} has no link to {{ $labels.master_host }}:{{ $labels.master_port }}.',
      fixture: () => {
        const l = { ...redisJob, master_host: '127.0.0.1', master_port: '6379' };
        return { series: (v) => [gauge('redis_master_link_up', l, v)], value: shapes.gauge, labels: l };
      },
    },
    {
      alert: 'RedisReplicationLag',
      when: replicating,
      severity: 'warning',
      for: '5m',
      compare: '>',
      threshold: { param: 'replicationLagSeconds', default: 30, unit: 'seconds' },
      // on the master, per connected replica (INFO replication slaveN lag=)
      expr: (p, t) => `redis_connected_slave_lag_seconds{${on(p)}} > ${t}`,
      summary: (_p, t) => `Redis replica more than ${t}s behind`,
      description: () =>
        'Replica {{ $labels.slave_ip }}:{{ $labels.slave_port }} of {{ $labels.instance }} lags {{ $value | humanize }}s.',
      fixture: () => {
        const l = { ...redisJob, slave_ip: '127.0.0.1', slave_port: '6380', slave_state: 'online' };
        return { series: (v) => [gauge('redis_connected_slave_lag_seconds', l, v)], value: shapes.gauge, labels: l };
      },
    },
    {
      alert: 'RedisSlowLogGrowing',
      severity: 'warning',
      for: '5m',
      compare: '>',
      threshold: { param: 'slowlogEntries', default: 10, unit: 'number' },
      expr: (p, t) => `redis_slowlog_length{${on(p)}} > ${t}`,
      summary: (_p, t) => `Redis slow log above ${t} entries`,
      description: () =>
        'The slow log of Redis behind {{ $labels.instance }} holds {{ $value }} commands slower than slowlog-log-slower-than.',
      fixture: () => ({
        series: (v) => [gauge('redis_slowlog_length', redisJob, v)],
        value: shapes.gauge,
        labels: redisJob,
      }),
    },
  ],
};

const mysqlJob = at(exporterJobs.mysql);
export const mysql: Pack<P> = {
  name: 'mysql',
  params: params('mysql', exporterJobs.mysql),
  labels: () => ({ datastore: 'mysql' }),
  rules: [
    {
      alert: 'MySQLDown',
      severity: 'critical',
      for: '1m',
      compare: '==',
      expr: (p) => `mysql_up{${on(p)}} == 0`,
      summary: () => 'MySQL is down',
      description: () => 'mysqld_exporter {{ $labels.instance }} cannot reach its MySQL/MariaDB server.',
      fixture: () => ({ series: (v) => [gauge('mysql_up', mysqlJob, v)], value: shapes.gauge, labels: mysqlJob }),
    },
    {
      alert: 'MySQLTooManyConnections',
      severity: 'warning',
      for: '5m',
      compare: '>',
      threshold: { param: 'connectionsPercent', default: 80, unit: 'percent' },
      expr: (p, t) =>
        `mysql_global_status_threads_connected{${on(p)}} / mysql_global_variables_max_connections{${on(p)}} * 100 > ${t}`,
      summary: (_p, t) => `MySQL connections above ${t}% of max_connections`,
      description: () => 'MySQL behind {{ $labels.instance }} has {{ $value | humanize }}% of max_connections in use.',
      fixture: () => ({
        series: (v) => [
          gauge('mysql_global_status_threads_connected', mysqlJob, v * 10),
          gauge('mysql_global_variables_max_connections', mysqlJob, 1000),
        ],
        value: shapes.gauge,
        labels: mysqlJob,
      }),
    },
    {
      alert: 'MySQLReplicationLag',
      when: replicating,
      severity: 'warning',
      for: '5m',
      compare: '>',
      threshold: { param: 'replicationLagSeconds', default: 30, unit: 'seconds' },
      // a replica's SHOW SLAVE STATUS Seconds_Behind_Master
      expr: (p, t) => `mysql_slave_status_seconds_behind_master{${on(p)}} > ${t}`,
      summary: (_p, t) => `MySQL replica more than ${t}s behind`,
      description: () =>
        'The replica behind {{ $labels.instance }} is {{ $value | humanize }}s behind {{ $labels.master_host }}.',
      fixture: () => {
        const l = { ...mysqlJob, master_host: '127.0.0.1' };
        return {
          series: (v) => [gauge('mysql_slave_status_seconds_behind_master', l, v)],
          value: shapes.gauge,
          labels: l,
        };
      },
    },
    {
      alert: 'MySQLReplicationStopped',
      when: replicating,
      severity: 'critical',
      for: '1m',
      compare: '==',
      expr: (p) => `mysql_slave_status_slave_sql_running{${on(p)}} == 0`,
      summary: () => 'MySQL replication SQL thread stopped',
      description: () =>
        'The replica behind {{ $labels.instance }} does not apply events from {{ $labels.master_host }}.',
      fixture: () => {
        const l = { ...mysqlJob, master_host: '127.0.0.1' };
        return { series: (v) => [gauge('mysql_slave_status_slave_sql_running', l, v)], value: shapes.gauge, labels: l };
      },
    },
    {
      alert: 'MySQLSlowQueries',
      severity: 'warning',
      for: '5m',
      compare: '>',
      threshold: { param: 'slowQueriesPerSecond', default: 0.1, unit: 'number' },
      expr: (p, t) => `rate(mysql_global_status_slow_queries{${on(p)}}[5m]) > ${t}`,
      summary: (_p, t) => `More than ${t} slow MySQL queries per second`,
      description: () =>
        'MySQL behind {{ $labels.instance }} logs {{ $value | humanize }} queries per second slower than long_query_time.',
      fixture: () => ({
        series: (v) => [counter('mysql_global_status_slow_queries', mysqlJob, v)],
        value: shapes.rate(5),
        labels: mysqlJob,
      }),
    },
  ],
};

const pgJob = at(exporterJobs.postgres);
export const postgres: Pack<P> = {
  name: 'postgres',
  params: params('postgres', exporterJobs.postgres),
  labels: () => ({ datastore: 'postgres' }),
  rules: [
    {
      alert: 'PostgresDown',
      severity: 'critical',
      for: '1m',
      compare: '==',
      expr: (p) => `pg_up{${on(p)}} == 0`,
      summary: () => 'PostgreSQL is down',
      description: () => 'postgres_exporter {{ $labels.instance }} cannot reach its PostgreSQL server.',
      fixture: () => ({ series: (v) => [gauge('pg_up', pgJob, v)], value: shapes.gauge, labels: pgJob }),
    },
    {
      alert: 'PostgresTooManyConnections',
      severity: 'warning',
      for: '5m',
      compare: '>',
      threshold: { param: 'connectionsPercent', default: 80, unit: 'percent' },
      expr: (p, t) =>
        `sum by (instance) (pg_stat_activity_count{${on(p)}}) / max by (instance) (pg_settings_max_connections{${on(p)}}) * 100 > ${t}`,
      summary: (_p, t) => `PostgreSQL connections above ${t}% of max_connections`,
      description: () =>
        'PostgreSQL behind {{ $labels.instance }} has {{ $value | humanize }}% of max_connections in use.',
      fixture: () => ({
        series: (v) => [
          gauge('pg_stat_activity_count', { ...pgJob, datname: 'app', state: 'active', server: '127.0.0.1:5432' }, v),
          gauge('pg_settings_max_connections', { ...pgJob, server: '127.0.0.1:5432' }, 100),
        ],
        value: shapes.gauge,
        labels: { instance: pgJob.instance },
      }),
    },
    {
      alert: 'PostgresReplicationLag',
      severity: 'warning',
      for: '5m',
      compare: '>',
      threshold: { param: 'replicationLagSeconds', default: 30, unit: 'seconds' },
      // from the query mon gives the exporter (postgres_exporter/queries.yaml): 0 on a primary
      expr: (p, t) => `pg_replication_lag{${on(p)}} > ${t}`,
      summary: (_p, t) => `PostgreSQL replica more than ${t}s behind`,
      description: () =>
        'The replica behind {{ $labels.instance }} replays {{ $value | humanize }}s behind its primary.',
      fixture: () => {
        const l = { ...pgJob, server: '127.0.0.1:5432' };
        return { series: (v) => [gauge('pg_replication_lag', l, v)], value: shapes.gauge, labels: l };
      },
    },
    {
      alert: 'PostgresLongRunningTransaction',
      severity: 'warning',
      for: '2m',
      compare: '>',
      threshold: { param: 'transactionSeconds', default: 300, unit: 'seconds' },
      expr: (p, t) => `pg_stat_activity_max_tx_duration{${on(p)},state="active"} > ${t}`,
      summary: (_p, t) => `A PostgreSQL transaction has run longer than ${t}s`,
      description: () =>
        'The oldest active transaction in {{ $labels.datname }} on {{ $labels.instance }} has run {{ $value | humanize }}s.',
      fixture: () => {
        const l = { ...pgJob, datname: 'app', state: 'active', server: '127.0.0.1:5432' };
        return { series: (v) => [gauge('pg_stat_activity_max_tx_duration', l, v)], value: shapes.gauge, labels: l };
      },
    },
  ],
};
