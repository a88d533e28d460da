#!/usr/bin/env node
// Starts what the platform example monitors: a real Redis (redis-server) and a real MariaDB
// (mariadbd, data directory made by mariadb-install-db) from Debian's packages, and the
// platform app (app/server.mjs), on 127.0.0.1, with their state in .mon/platform/ (git-ignored).
// It writes the exporters' passwords into .mon/platform/secrets/ (mode 0600), which the spec names
// as {file: ...} references (and the Slack and DingTalk URLs: the app's /alerts), and creates MariaDB's `exporter` user with the grants
// mysqld_exporter needs. `--stop` stops them again (by the pids it recorded).
//
//   node examples/platform/run.mjs [--stop]
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const STATE = '.mon/platform';
const PIDS = join(STATE, 'pids.json');
const PORTS = { redis: 16379, mariadb: 13306, app: 18000 };
const secret = (name) => join(STATE, 'secrets', name);

const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const recorded = () => (existsSync(PIDS) ? JSON.parse(readFileSync(PIDS, 'utf8')) : {});

if (process.argv.includes('--stop')) {
  for (const [name, pid] of Object.entries(recorded())) {
    if (!alive(pid)) continue;
    process.kill(pid, 'SIGTERM');
    console.log(`${name} (${pid}) stopped`);
  }
  rmSync(PIDS, { force: true });
  process.exit(0);
}

const which = (name, pkg) => {
  for (const dir of [...(process.env.PATH ?? '').split(':'), '/usr/sbin'])
    if (existsSync(join(dir, name))) return join(dir, name);
  console.error(`error: ${name} not found: install Debian's ${pkg} package (apt-get install ${pkg})`);
  process.exit(3);
};
const waitPort = async (port, what) => {
  for (let i = 0; i < 150; i++) {
    const ok = await new Promise((r) => {
      const s = connect({ host: '127.0.0.1', port }, () => (s.end(), r(true)));
      s.on('error', () => r(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  console.error(`error: ${what} is not listening on ${port} after 30 s (see ${STATE}/${what}.log)`);
  process.exit(1);
};
const pids = recorded();
const detach = (name, file, args) => {
  if (pids[name] && alive(pids[name])) return console.log(`${name} already running (${pids[name]})`);
  const log = openSync(join(STATE, `${name}.log`), 'a');
  const child = spawn(file, args, { detached: true, stdio: ['ignore', log, log] });
  child.unref();
  pids[name] = child.pid;
  writeFileSync(PIDS, JSON.stringify(pids, null, 2));
  console.log(`${name} started (${child.pid})`);
};

mkdirSync(join(STATE, 'secrets'), { recursive: true, mode: 0o700 });
for (const name of ['redis_password', 'mysql_password'])
  if (!existsSync(secret(name))) writeFileSync(secret(name), `${randomBytes(12).toString('hex')}\n`, { mode: 0o600 });
// the Slack and DingTalk URLs point at the app's /alerts (a local stand-in for their APIs: it records what arrives)
writeFileSync(secret('slack_url'), `http://127.0.0.1:${PORTS.app}/alerts/slack\n`, { mode: 0o600 });
writeFileSync(secret('dingtalk_url'), `http://127.0.0.1:${PORTS.app}/alerts/dingtalk\n`, { mode: 0o600 });
const redisPassword = readFileSync(secret('redis_password'), 'utf8').trim();
const mysqlPassword = readFileSync(secret('mysql_password'), 'utf8').trim();

// Redis with a password (requirepass), no persistence
mkdirSync(join(STATE, 'redis'), { recursive: true });
detach('redis', which('redis-server', 'redis-server'), [
  '--port',
  String(PORTS.redis),
  '--bind',
  '127.0.0.1',
  '--save',
  '',
  '--appendonly',
  'no',
  '--dir',
  join(STATE, 'redis'),
  '--requirepass',
  redisPassword,
]);

// MariaDB: a data directory of its own, root over TCP without a password on 127.0.0.1 only
const data = join(process.cwd(), STATE, 'mariadb');
if (!existsSync(join(data, 'mysql'))) {
  mkdirSync(data, { recursive: true });
  const r = spawnSync(
    which('mariadb-install-db', 'mariadb-server'),
    [
      '--no-defaults',
      `--datadir=${data}`,
      `--user=${process.getuid?.() === 0 ? 'root' : process.env.USER}`,
      '--auth-root-authentication-method=normal',
      '--skip-test-db',
    ],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) {
    console.error(`error: mariadb-install-db failed: ${r.stderr}`);
    process.exit(1);
  }
}
detach('mariadb', which('mariadbd', 'mariadb-server'), [
  '--no-defaults',
  `--datadir=${data}`,
  `--port=${PORTS.mariadb}`,
  '--bind-address=127.0.0.1',
  `--socket=${join(data, 'mysqld.sock')}`,
  `--pid-file=${join(data, 'mysqld.pid')}`,
  ...(process.getuid?.() === 0 ? ['--user=root'] : []),
  '--skip-name-resolve',
  '--innodb-buffer-pool-size=32M',
]);
await waitPort(PORTS.redis, 'redis');
await waitPort(PORTS.mariadb, 'mariadb');
// the exporter's user, with what mysqld_exporter needs (SLAVE MONITOR: replica status on MariaDB >= 10.5)
const sql = spawnSync(
  which('mariadb', 'mariadb-client'),
  [
    '--no-defaults',
    '-uroot',
    '-h127.0.0.1',
    `-P${PORTS.mariadb}`,
    '-e',
    `CREATE USER IF NOT EXISTS 'exporter'@'%' IDENTIFIED BY '${mysqlPassword}'; ALTER USER 'exporter'@'%' IDENTIFIED BY '${mysqlPassword}'; ` +
      "GRANT PROCESS, REPLICATION CLIENT, SLAVE MONITOR, SELECT ON *.* TO 'exporter'@'%';",
  ],
  { encoding: 'utf8' },
);
if (sql.status !== 0) {
  console.error(`error: creating the exporter user failed: ${sql.stderr}`);
  process.exit(1);
}

detach('app', process.execPath, [
  join(here, 'app', 'server.mjs'),
  '--port',
  String(PORTS.app),
  '--redis',
  `127.0.0.1:${PORTS.redis}`,
  '--redis-password-file',
  secret('redis_password'),
  '--mysql',
  `127.0.0.1:${PORTS.mariadb}`,
]);
await waitPort(PORTS.app, 'app');
const health = await (await fetch(`http://127.0.0.1:${PORTS.app}/health`)).json();
console.log(
  `platform app /health: ${health.status} (redis ${health.checks.redis.status}, database ${health.checks.database.status})`,
);
