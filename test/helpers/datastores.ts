import { existsSync, readdirSync } from 'node:fs';
import { chmod, chown, mkdir, writeFile } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { findOnPath } from '../../src/tools/binaries.js';
import { freePort } from './stack.js';

/**
 * Real datastores from Debian's packages (redis-server, mariadb-server, postgresql), started on
 * free ports of 127.0.0.1 with their data in a temporary directory. A missing binary fails the
 * test loudly with what to install. PostgreSQL refuses to run as root: as root it runs as
 * `nobody` (setpriv), its directory owned by that user.
 */
export interface Store {
  port: number;
  address: string;
  pid: number;
  stop: () => Promise<void>;
  output: () => string;
}

const need = (name: string, pkg: string) => {
  const path = findOnPath(name) ?? (existsSync(`/usr/sbin/${name}`) ? `/usr/sbin/${name}` : undefined);
  if (!path) throw new Error(`${name} not found: install Debian's ${pkg} package (apt-get install ${pkg})`);
  return path;
};

function launch(file: string, args: string[], opts: { signal?: NodeJS.Signals } = {}) {
  let out = '';
  const proc: ResultPromise = execa(file, args, { reject: false, stdin: 'ignore', all: true, buffer: false });
  proc.all?.on('data', (c: Buffer) => {
    out += c.toString();
    if (out.length > 100_000) out = out.slice(-50_000);
  });
  const stop = async () => {
    if (proc.exitCode === null && proc.pid) proc.kill(opts.signal ?? 'SIGTERM');
    const timer = setTimeout(() => proc.kill('SIGKILL'), 15_000);
    await proc;
    clearTimeout(timer);
  };
  return { proc, stop, output: () => out };
}

async function waitPort(port: number, p: { proc: ResultPromise; output: () => string }, what: string, ms = 60_000) {
  const until = Date.now() + ms;
  for (;;) {
    if (p.proc.exitCode !== null) throw new Error(`${what} exited (${p.proc.exitCode}):\n${p.output().slice(-2000)}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = createConnection({ host: '127.0.0.1', port }, () => (s.end(), resolve(true)));
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > until)
      throw new Error(`${what} not listening on ${port} after ${ms} ms:\n${p.output().slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const store = (port: number, l: ReturnType<typeof launch>): Store => ({
  port,
  address: `127.0.0.1:${port}`,
  pid: l.proc.pid!,
  stop: l.stop,
  output: l.output,
});

export async function startRedis(dir: string, o: { password: string; replicaOf?: Store }): Promise<Store> {
  const bin = need('redis-server', 'redis-server');
  const port = await freePort();
  const data = join(dir, `redis-${port}`);
  await mkdir(data, { recursive: true });
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', data];
  args.push('--requirepass', o.password);
  if (o.replicaOf) args.push('--replicaof', '127.0.0.1', String(o.replicaOf.port), '--masterauth', o.password);
  const l = launch(bin, args);
  await waitPort(port, l, 'redis-server');
  return store(port, l);
}

const mariadbClient = () => need('mariadb', 'mariadb-client');

/** SQL as root over TCP (root has no password on a fresh data directory). */
export async function mariadbSql(port: number, sql: string): Promise<string> {
  const r = await execa(mariadbClient(), ['--no-defaults', '-uroot', '-h127.0.0.1', `-P${port}`, '-N', '-e', sql], {
    reject: false,
  });
  if (r.exitCode !== 0) throw new Error(`mariadb -e ${sql}: ${r.stderr}`);
  return String(r.stdout);
}

export async function startMariadb(
  dir: string,
  o: { user: string; password: string; serverId: number; replicaOf?: Store },
): Promise<Store> {
  const install = need('mariadb-install-db', 'mariadb-server');
  const bin = need('mariadbd', 'mariadb-server');
  const port = await freePort();
  const data = join(dir, `mariadb-${port}`);
  await mkdir(data, { recursive: true });
  const init = await execa(
    install,
    ['--no-defaults', `--datadir=${data}`, '--user=root', '--auth-root-authentication-method=normal', '--skip-test-db'],
    { reject: false },
  );
  if (init.exitCode !== 0) throw new Error(`mariadb-install-db failed: ${init.stderr}`);
  const l = launch(bin, [
    '--no-defaults',
    `--datadir=${data}`,
    `--port=${port}`,
    '--bind-address=127.0.0.1',
    `--socket=${join(data, 'sock')}`,
    `--pid-file=${join(data, 'pid')}`,
    '--user=root',
    '--skip-name-resolve',
    `--server-id=${o.serverId}`,
    '--log-bin=mysql-bin',
    '--innodb-buffer-pool-size=16M',
    '--performance-schema=OFF',
  ]);
  await waitPort(port, l, 'mariadbd');
  await mariadbSql(
    port,
    // kept out of the binary log, so a replica creating its own user does not stop on the master's;
    // MariaDB >= 10.5 shows replica status only with SLAVE MONITOR
    `SET sql_log_bin = 0; CREATE USER '${o.user}'@'%' IDENTIFIED BY '${o.password}'; GRANT PROCESS, REPLICATION CLIENT, SLAVE MONITOR, SELECT ON *.* TO '${o.user}'@'%';`,
  );
  if (o.replicaOf) {
    await mariadbSql(
      port,
      `CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=${o.replicaOf.port}, MASTER_USER='root', MASTER_PASSWORD='', MASTER_USE_GTID=no; START SLAVE;`,
    );
  }
  return store(port, l);
}

const pgBin = (name: string) => {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions) if (existsSync(join(root, v, 'bin', name))) return join(root, v, 'bin', name);
  throw new Error(
    `${name} not found under ${root}/*/bin: install Debian's postgresql package (apt-get install postgresql)`,
  );
};

/** PostgreSQL with password (scram-sha-256) authentication for every TCP connection. */
export async function startPostgres(dir: string, o: { password: string }): Promise<Store> {
  const port = await freePort();
  const base = join(dir, `pg-${port}`);
  await mkdir(base, { recursive: true });
  await chmod(dir, 0o755);
  const asUser = process.getuid?.() === 0 ? ['--reuid=nobody', '--regid=nogroup', '--clear-groups'] : undefined;
  if (asUser) await chown(base, 65534, 65534);
  const pwfile = join(base, 'pw');
  await writeFile(pwfile, `${o.password}\n`, { mode: 0o600 });
  if (asUser) await chown(pwfile, 65534, 65534);
  const run = (file: string, args: string[]) =>
    asUser ? (['setpriv', [...asUser, file, ...args]] as const) : ([file, args] as const);
  const [f1, a1] = run(pgBin('initdb'), [
    '-D',
    join(base, 'data'),
    '-U',
    'postgres',
    '--auth=scram-sha-256',
    `--pwfile=${pwfile}`,
  ]);
  const init = await execa(f1, [...a1], { reject: false });
  if (init.exitCode !== 0) throw new Error(`initdb failed: ${init.stderr}`);
  const [f2, a2] = run(pgBin('postgres'), [
    '-D',
    join(base, 'data'),
    '-p',
    String(port),
    '-k',
    base,
    '-c',
    'listen_addresses=127.0.0.1',
  ]);
  // SIGINT: fast shutdown (SIGTERM waits for the exporter's open connection to close)
  const l = launch(f2, [...a2], { signal: 'SIGINT' });
  await waitPort(port, l, 'postgres');
  return store(port, l);
}
