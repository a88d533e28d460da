import { spawn } from 'node:child_process';
import { chmod, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MON, mon, tempDir } from '../helpers/cli.js';
import { alive, freePorts, stackSpec, statePids } from '../helpers/stack.js';

/**
 * Deploy state never lies: a mon killed mid-deploy, two deploys at once, a corrupt state file, a
 * wrapper script as the binary, a read-only stack directory; and each component sees only its
 * own secrets. Real Prometheus, Alertmanager and node_exporter on free ports.
 */
const dirs: Array<{ path: string; cleanup: () => Promise<void> }> = [];
const seen = new Set<number>();
const SENTINEL = 'S3NT1NEL-robust-secret';

async function stack(extra = '') {
  const dir = await tempDir('mon-robust-');
  dirs.push(dir);
  const p = await freePorts();
  const f = join(dir.path, 'm.yaml');
  await writeFile(
    f,
    stackSpec(p, extra).replace(
      '    targets: ["127.0.0.1',
      '    auth: {bearer: {env: MON_ROBUST_TOKEN}}\n    targets: ["127.0.0.1',
    ),
  );
  const stackDir = join(dir.path, 'stack');
  const run = (args: string[], env: Record<string, string> = {}) =>
    mon([...args, '-f', f, '--stack-dir', stackDir], { env: { MON_ROBUST_TOKEN: SENTINEL, ...env } });
  return { dir, f, stackDir, run, p };
}
/** Every process that carries this stack's marker, as /proc shows it. */
async function marked(stackDir: string): Promise<number[]> {
  const { readdir } = await import('node:fs/promises');
  const out: number[] = [];
  for (const d of await readdir('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    const env = await readFile(`/proc/${d}/environ`, 'utf8').catch(() => '');
    if (env.split('\0').includes(`MON_STACK_DIR=${stackDir}`) && alive(Number(d))) out.push(Number(d));
  }
  return out;
}

afterAll(async () => {
  for (const d of dirs) {
    await mon(['down', '--stack-dir', join(d.path, 'stack')]);
    for (const p of await marked(join(d.path, 'stack'))) seen.add(p);
  }
  const left = [...seen].filter(alive);
  for (const d of dirs) await d.cleanup();
  expect(left, 'processes left behind').toEqual([]);
});

describe('deploy state never lies', () => {
  it('a mon deploy killed at any point: the next deploy converges and mon down stops everything', async () => {
    let interrupted = 0;
    for (const ms of [300, 700, 1100]) {
      const s = await stack();
      const child = spawn(process.execPath, [MON, 'deploy', '-f', s.f, '--stack-dir', s.stackDir], {
        env: { ...process.env, MON_ROBUST_TOKEN: SENTINEL, NO_COLOR: '1' },
        stdio: 'ignore',
      });
      const exited = new Promise((r) => child.once('exit', r));
      await new Promise((r) => setTimeout(r, ms));
      child.kill('SIGKILL'); // a no-op when it finished first
      await exited;
      const orphans = await marked(s.stackDir);
      orphans.forEach((x) => seen.add(x));
      const recorded = await statePids(s.stackDir);
      if (orphans.some((x) => !recorded.includes(x))) interrupted++; // processes the state does not name yet

      const again = await s.run(['deploy', '--json']);
      expect(again.exitCode, `after a kill at ${ms} ms: ${again.stderr}`).toBe(0);
      (await statePids(s.stackDir)).forEach((x) => seen.add(x));
      expect(new Set(await marked(s.stackDir)), 'every process of the stack is in its state').toEqual(
        new Set(await statePids(s.stackDir)),
      );
      const down = await s.run(['down']);
      expect(down.exitCode).toBe(0);
      expect(await marked(s.stackDir)).toEqual([]);
    }
    expect(interrupted, 'at least one kill landed between starting a process and writing the state').toBeGreaterThan(0);
  }, 120_000);

  it('two deploys at once: one waits for the other (a lock per stack directory); the state names what runs', async () => {
    const s = await stack();
    const [a, b] = await Promise.all([s.run(['deploy']), s.run(['deploy'])]);
    expect([a.exitCode, b.exitCode]).toEqual([0, 0]);
    const pids = await statePids(s.stackDir);
    pids.forEach((x) => seen.add(x));
    expect(pids.filter(alive)).toHaveLength(3);
    expect(new Set(await marked(s.stackDir))).toEqual(new Set(pids));
  }, 90_000);

  it('a state file that is empty, garbage or wrong: mon down still stops the stack by its marker', async () => {
    const s = await stack();
    expect((await s.run(['deploy'])).exitCode).toBe(0);
    (await statePids(s.stackDir)).forEach((x) => seen.add(x));
    await writeFile(join(s.stackDir, 'state.json'), '{"mon": 1, "compo');
    const down = await s.run(['down', '--json']);
    expect(down.exitCode, down.stderr).toBe(0);
    expect(JSON.parse(down.stdout).components.map((c: { reason?: string }) => c.reason)).toContain(
      'found by its stack marker (not in the state file)',
    );
    expect(await marked(s.stackDir)).toEqual([]);
  }, 60_000);

  it("a binary that is a wrapper script is recognised as the stack's: a second deploy changes nothing", async () => {
    const s = await stack();
    const wrapper = join(s.dir.path, 'node-exporter-wrapper');
    const { findOnPath } = await import('../../src/tools/binaries.js');
    const real = findOnPath('prometheus-node-exporter') ?? findOnPath('node_exporter')!;
    await writeFile(wrapper, `#!/bin/sh\nexec ${real} "$@"\n`);
    await chmod(wrapper, 0o755);
    expect((await s.run(['deploy'], { MON_NODE_EXPORTER: wrapper })).exitCode).toBe(0);
    (await statePids(s.stackDir)).forEach((x) => seen.add(x));
    const again = await s.run(['deploy', '--json'], { MON_NODE_EXPORTER: wrapper });
    expect(again.exitCode, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout).components.find((c: { name: string }) => c.name === 'node_exporter').action).toBe(
      'unchanged',
    );
    expect(
      (
        JSON.parse((await s.run(['status', '--json'])).stdout).components as Array<{ name: string; status: string }>
      ).find((c) => c.name === 'node_exporter')!.status,
    ).toBe('ready');
  }, 60_000);

  it('a stack directory mon may not write is a clear error (exit 1) naming the path, never exit 70', async () => {
    const s = await stack();
    // /sys refuses new entries even to root (EPERM), as a read-only or foreign directory would
    const r = await mon(['deploy', '-f', s.f, '--stack-dir', '/sys/mon-robust-stack'], {
      env: { MON_ROBUST_TOKEN: SENTINEL },
    });
    expect(r.exitCode, r.stderr).toBe(1);
    expect(r.stderr).toMatch(
      /^error: cannot write \/sys\/mon-robust-stack: (operation not permitted \(EPERM\)|permission denied \(EACCES\)|the file system is read-only \(EROFS\))$/m,
    );
    expect(r.stderr).not.toContain('internal error');
  }, 60_000);
});

describe('each component sees only its own secrets', () => {
  it("the scrape token is in no component's environment, the secret file is 0600, and so are the logs", async () => {
    const s = await stack();
    expect((await s.run(['deploy'])).exitCode).toBe(0);
    const pids = await statePids(s.stackDir);
    pids.forEach((x) => seen.add(x));
    for (const pid of pids)
      expect(await readFile(`/proc/${pid}/environ`, 'utf8'), `pid ${pid}`).not.toContain(SENTINEL);
    expect((await stat(join(s.stackDir, 'config/secrets/MON_ROBUST_TOKEN'))).mode & 0o777).toBe(0o600);
    for (const c of ['prometheus', 'alertmanager', 'node_exporter'])
      expect((await stat(join(s.stackDir, 'logs', `${c}.log`))).mode & 0o777, c).toBe(0o600);
  }, 60_000);
});
