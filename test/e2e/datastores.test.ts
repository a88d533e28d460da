import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectors } from '../../src/consistency/selectors.js';
import { loadSpec } from '../../src/spec/load.js';
import { normalize } from '../../src/model/normalize.js';
import { localPlans } from '../../src/targets/local/plans.js';
import { mon, tempDir } from '../helpers/cli.js';
import { mariadbSql, startMariadb, startPostgres, startRedis, type Store } from '../helpers/datastores.js';
import { freePort, statePids } from '../helpers/stack.js';
import { eventually } from '../helpers/tracing.js';

/**
 * The managed exporters against real datastores: Redis 7 (with a replica), MariaDB 10.11 (with
 * a replica) and PostgreSQL 15 from Debian's packages, each watched by the exporter Debian ships,
 * deployed by `mon deploy` with its credentials by reference. Every metric the redis, mysql and
 * postgres packs query must be on the real exporters' /metrics; each component sees only its own
 * secret; and each pack's "down" alert fires in the real Prometheus when its datastore stops.
 */
const SECRETS = { REDIS_PW: 'r3dis-Secret-9', MYSQL_PW: 'my-Secret-77', PG_PW: 'pg-Secret-55' };
// PG_PW is given as a {file}: it is not in mon's environment
const env = { REDIS_PW: SECRETS.REDIS_PW, MYSQL_PW: SECRETS.MYSQL_PW, NO_COLOR: '1' };

let dir: { path: string; cleanup: () => Promise<void> };
const stores: Record<string, Store> = {};
let specFile = '';
let promPort = 0;
const exporterPorts = { redis: 0, mysql: 0, postgres: 0 };
const extra: Array<{ stop: () => Promise<void> }> = [];

const metricsOf = async (port: number) => {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  return new Set(
    text
      .split('\n')
      .filter((l) => l && !l.startsWith('#'))
      .map((l) => l.split(/[{ ]/)[0]!),
  );
};
const sample = async (port: number, name: string) => {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  return text.split('\n').filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `));
};

beforeAll(async () => {
  dir = await tempDir('mon-datastores-');
  stores.redis = await startRedis(dir.path, { password: SECRETS.REDIS_PW });
  stores.redisReplica = await startRedis(dir.path, { password: SECRETS.REDIS_PW, replicaOf: stores.redis });
  stores.mariadb = await startMariadb(dir.path, { user: 'exporter', password: SECRETS.MYSQL_PW, serverId: 1 });
  stores.mariadbReplica = await startMariadb(dir.path, {
    user: 'exporter',
    password: SECRETS.MYSQL_PW,
    serverId: 2,
    replicaOf: stores.mariadb,
  });
  stores.postgres = await startPostgres(dir.path, { password: SECRETS.PG_PW });
  await writeFile(join(dir.path, 'pg_pw'), `${SECRETS.PG_PW}\n`, { mode: 0o600 });
  promPort = await freePort();
  for (const k of Object.keys(exporterPorts) as Array<keyof typeof exporterPorts>) exporterPorts[k] = await freePort();
  specFile = join(dir.path, 'monitoring.yaml');
  await writeFile(
    specFile,
    `apiVersion: mon/v1
project: ds
prometheus: {port: ${promPort}, scrapeInterval: 2s, evaluationInterval: 1s}
alertmanager: {port: ${await freePort()}}
exporters: {node: {enabled: false}}
datastores:
  redis: {address: "${stores.redis.address}", password: {env: REDIS_PW}, exporterPort: ${exporterPorts.redis}, replication: true}
  mysql: {address: "${stores.mariadb.address}", user: exporter, password: {env: MYSQL_PW}, exporterPort: ${exporterPorts.mysql}, replication: true}
  postgres: {address: "${stores.postgres.address}", user: postgres, password: {file: ${join(dir.path, 'pg_pw')}}, exporterPort: ${exporterPorts.postgres}}
services: [{name: app, targets: ["127.0.0.1:${await freePort()}"]}]
alerts:
  packs:
    redis: {rules: {RedisDown: {for: 2s}}}
    mysql: {rules: {MySQLDown: {for: 2s}}}
    postgres: {rules: {PostgresDown: {for: 2s}}}
deploy: {dir: ${join(dir.path, 'stack')}}
`,
  );
  const r = await mon(['deploy', '-f', specFile], { env });
  if (r.exitCode !== 0) throw new Error(`mon deploy failed (${r.exitCode}):\n${r.stderr}`);
}, 240_000);

afterAll(async () => {
  if (specFile) await mon(['down', '-f', specFile], { env });
  for (const e of extra) await e.stop();
  for (const s of Object.values(stores)) await s.stop();
  await dir?.cleanup();
}, 120_000);

/** The same exporter mon runs (binary, flags, environment from the component table), pointed at a replica. */
async function replicaExporter(kind: 'redis' | 'mysql', address: string): Promise<number> {
  const port = await freePort();
  const text = readFileSync(specFile, 'utf8')
    .replace(kind === 'redis' ? stores.redis!.address : stores.mariadb!.address, address)
    .replace(`exporterPort: ${exporterPorts[kind]}`, `exporterPort: ${port}`);
  const model = normalize(loadSpec(text, 'monitoring.yaml').spec, 'monitoring.yaml');
  const plan = localPlans(model, join(dir.path, 'replica'))
    .filter((p) => p.name === (kind === 'redis' ? 'redis_exporter' : 'mysqld_exporter'))
    .at(0)!;
  const vars: Record<string, string> = { ...plan.env };
  for (const e of plan.secretEnv)
    if (e.secret.kind === 'env')
      vars[e.variable] = `${e.before ?? ''}${SECRETS[e.secret.name as keyof typeof SECRETS]}${e.after ?? ''}`;
  const proc = execa(plan.binary!, plan.args, { env: vars, reject: false, stdin: 'ignore' });
  extra.push({ stop: async () => (proc.kill('SIGTERM'), void (await proc)) });
  await eventually(`${kind} replica exporter`, async () =>
    (await metricsOf(port).catch(() => undefined))?.size ? true : undefined,
  );
  return port;
}

const packMetrics = async (pack: string) => {
  const out = join(dir.path, 'out');
  const r = await mon(['generate', '-f', specFile, '-o', out, '--json'], { env });
  expect(r.exitCode).toBe(0);
  const rules = readFileSync(join(out, 'prometheus', 'rules', `ds_${pack}_alerts.yml`), 'utf8');
  const exprs = [...rules.matchAll(/^\s+expr: (.+)$/gm)].map((m) => m[1]!.replace(/^'|'$/g, '').replace(/''/g, "'"));
  return [...new Set(exprs.flatMap((e) => selectors(e).map((s) => s.metric)))].sort();
};

describe('managed exporters against real Redis, MariaDB and PostgreSQL', () => {
  it('redis_exporter: every metric of the redis pack is on the real exporter (master and replica)', async () => {
    await eventually('redis_up 1', async () =>
      (await sample(exporterPorts.redis, 'redis_up'))[0] === 'redis_up 1' ? true : undefined,
    );
    const replica = await replicaExporter('redis', stores.redisReplica!.address);
    await eventually('redis replica linked', async () =>
      (await sample(replica, 'redis_master_link_up')).some((l) => l.endsWith(' 1')) ? true : undefined,
    );
    const have = new Set([...(await metricsOf(exporterPorts.redis)), ...(await metricsOf(replica))]);
    const used = await packMetrics('redis');
    expect(used.length).toBeGreaterThanOrEqual(8);
    expect(used.filter((m) => !have.has(m))).toEqual([]);
  });

  it('mysqld_exporter: every metric of the mysql pack is on the real exporter (master and replica)', async () => {
    await eventually('mysql_up 1', async () =>
      (await sample(exporterPorts.mysql, 'mysql_up'))[0] === 'mysql_up 1' ? true : undefined,
    );
    const replica = await replicaExporter('mysql', stores.mariadbReplica!.address);
    await eventually('mariadb replica running', async () =>
      (await sample(replica, 'mysql_slave_status_slave_sql_running')).some((l) => l.endsWith(' 1')) ? true : undefined,
    );
    const have = new Set([...(await metricsOf(exporterPorts.mysql)), ...(await metricsOf(replica))]);
    const used = await packMetrics('mysql');
    expect(used.length).toBeGreaterThanOrEqual(6);
    expect(used.filter((m) => !have.has(m))).toEqual([]);
    // the replica's labels are the ones the pack's fixtures use
    expect((await sample(replica, 'mysql_slave_status_seconds_behind_master'))[0]).toContain('master_host="127.0.0.1"');
    expect(await mariadbSql(stores.mariadbReplica!.port, 'SELECT 1')).toContain('1');
  });

  it('postgres_exporter: every metric of the postgres pack is on the real exporter, the password read from its {file}', async () => {
    await eventually('pg_up 1', async () =>
      (await sample(exporterPorts.postgres, 'pg_up'))[0] === 'pg_up 1' ? true : undefined,
    );
    const have = await metricsOf(exporterPorts.postgres);
    const used = await packMetrics('postgres');
    expect(used.length).toBeGreaterThanOrEqual(5);
    expect(used.filter((m) => !have.has(m))).toEqual([]);
    expect(await sample(exporterPorts.postgres, 'pg_replication_lag')).toEqual([
      `pg_replication_lag{server="${stores.postgres!.address}"} 0`,
    ]);
  });

  it('each exporter sees only its own secret, in its environment, never on its command line', async () => {
    const state = JSON.parse(readFileSync(join(dir.path, 'stack', 'state.json'), 'utf8')) as {
      components: Record<string, { pid?: number }>;
    };
    const environ = (name: string) => {
      const pid = state.components[name]!.pid!;
      return {
        env: readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0'),
        cmd: readFileSync(`/proc/${pid}/cmdline`, 'utf8'),
      };
    };
    const redis = environ('redis_exporter');
    expect(redis.env).toContain(`REDIS_PASSWORD=${SECRETS.REDIS_PW}`);
    const mysql = environ('mysqld_exporter');
    expect(mysql.env).toContain(`DATA_SOURCE_NAME=exporter:${SECRETS.MYSQL_PW}@(${stores.mariadb!.address})/`);
    const pg = environ('postgres_exporter');
    expect(pg.env).toContain(`DATA_SOURCE_PASS_FILE=${join(dir.path, 'pg_pw')}`);
    for (const [name, e] of Object.entries({ redis, mysql, pg, prometheus: environ('prometheus') })) {
      const own = name === 'redis' ? SECRETS.REDIS_PW : name === 'mysql' ? SECRETS.MYSQL_PW : undefined;
      for (const v of Object.values(SECRETS)) {
        expect(e.cmd, `${name} command line`).not.toContain(v);
        if (v !== own) expect(e.env.join('\n'), `${name} environment`).not.toContain(v);
      }
    }
    expect((await statePids(join(dir.path, 'stack'))).length).toBeGreaterThanOrEqual(5);
  });

  it.each([
    ['redis', 'RedisDown'],
    ['mariadb', 'MySQLDown'],
    ['postgres', 'PostgresDown'],
  ])(
    'stopping %s fires %s in the real Prometheus',
    async (store, alert) => {
      await stores[store]!.stop();
      const firing = await eventually(
        `${alert} firing`,
        async () => {
          const r = (await (await fetch(`http://127.0.0.1:${promPort}/api/v1/alerts`)).json()) as {
            data: { alerts: Array<{ labels: Record<string, string>; state: string }> };
          };
          return r.data.alerts.find((a) => a.labels.alertname === alert && a.state === 'firing');
        },
        60_000,
      );
      expect(firing.labels.severity).toBe('critical');
    },
    90_000,
  );
});
