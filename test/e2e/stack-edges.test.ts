import { spawnSync } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MON, mon, ROOT, tempDir } from '../helpers/cli.js';
import { alive, freePorts, stackSpec, statePids } from '../helpers/stack.js';

/**
 * The state file cannot hide the stack: `mon status` lists its processes by their stack marker
 * when the state is missing or garbage. A full disk (a small tmpfs as the stack directory, mounted
 * in a user and mount namespace) is a clear error naming the path, exit 1, the running stack
 * untouched. Real Prometheus, Alertmanager and node_exporter.
 */
const dirs: Array<{ path: string; cleanup: () => Promise<void> }> = [];
const seen = new Set<number>();

async function marked(stackDir: string): Promise<number[]> {
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

type Status = { name: string; status: string; pid?: number; reason?: string };

describe('the stack beyond its state file', () => {
  it('mon status lists the processes found by their marker when the state file is missing or garbage', async () => {
    const dir = await tempDir('mon-edges-');
    dirs.push(dir);
    const f = join(dir.path, 'm.yaml');
    await writeFile(f, stackSpec(await freePorts()));
    const stackDir = join(dir.path, 'stack');
    const run = (args: string[]) => mon([...args, '-f', f, '--stack-dir', stackDir]);
    expect((await run(['deploy'])).exitCode).toBe(0);
    const pids = await statePids(stackDir);
    pids.forEach((p) => seen.add(p));
    for (const garbage of ['{"mon": 1, "compo', '']) {
      await writeFile(join(stackDir, 'state.json'), garbage);
      const r = await run(['status', '--json']);
      expect(r.exitCode, r.stderr).toBe(0);
      const list = JSON.parse(r.stdout).components as Status[];
      expect(list.map((c) => c.name)).toEqual(['prometheus', 'alertmanager', 'node_exporter']);
      expect(new Set(list.map((c) => c.pid))).toEqual(new Set(pids));
      for (const c of list)
        expect(c).toMatchObject({
          status: 'running',
          reason: 'found by its stack marker, not in the state file: `mon deploy` takes it over, `mon down` stops it',
        });
      const table = await run(['status']);
      expect(table.stdout).toContain('found by its stack marker');
    }
    // and the next deploy takes them over as they are: same processes, nothing restarted
    const again = await run(['deploy', '--json']);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(
      (JSON.parse(again.stdout).components as Array<{ action: string; pid: number }>).map((c) => [c.action, c.pid]),
    ).toEqual(pids.map((p) => ['unchanged', p]));
    // a state with a wrong pid: that one is down, the real process is listed beside it
    (await statePids(stackDir)).forEach((p) => seen.add(p));
    const state = JSON.parse(await readFile(join(stackDir, 'state.json'), 'utf8'));
    const real = state.components.node_exporter.pid as number;
    state.components.node_exporter.pid = 999_999;
    await writeFile(join(stackDir, 'state.json'), JSON.stringify(state));
    const list = JSON.parse((await run(['status', '--json'])).stdout).components as Status[];
    const ne = list.filter((c) => c.name === 'node_exporter');
    expect(ne.map((c) => [c.status, c.pid])).toEqual([
      ['down', 999_999],
      ['running', real],
    ]);
    expect((await run(['down'])).exitCode).toBe(0);
    expect(await marked(stackDir)).toEqual([]);
  }, 90_000);

  it('a full disk under the stack directory (a 48 MiB tmpfs): exit 1 naming the path, the running stack untouched', async () => {
    const dir = await tempDir('mon-enospc-');
    dirs.push(dir);
    const ports = await freePorts();
    const spec = join(dir.path, 'm.yaml');
    const changed = join(dir.path, 'changed.yaml');
    await writeFile(spec, stackSpec(ports));
    await writeFile(
      changed,
      stackSpec(ports).replace('    system: {}', '    system: {thresholds: {memoryPercent: 80}}'),
    );
    const stackDir = join(dir.path, 'stack');
    // an unprivileged user may mount a tmpfs in its own user and mount namespace (util-linux unshare)
    const r = spawnSync(
      'unshare',
      [
        '--user',
        '--map-root-user',
        '--mount',
        'sh',
        join(ROOT, 'test/fixtures/scripts/enospc-deploy.sh'),
        MON,
        spec,
        changed,
        stackDir,
        '48m',
      ],
      { encoding: 'utf8', timeout: 120_000 },
    );
    expect(r.error, 'unshare (util-linux) runs').toBeUndefined();
    const out = Object.fromEntries(
      r.stdout
        .trim()
        .split('\n')
        .map((l) => l.split('=') as [string, string]),
    );
    const err = async (suffix: string) => readFile(`${stackDir}.${suffix}`, 'utf8').catch(() => '');
    expect(out.MOUNT, `${r.stderr}`).toBe('ok');
    expect(out.FIRST, await err('first.err')).toBe('0');
    const second = await err('err');
    expect(out.SECOND, second).toBe('1');
    expect(second).toMatch(
      new RegExp(`^error: cannot write ${stackDir}/\\S+: no space left on the device \\(ENOSPC\\)$`, 'm'),
    );
    expect(second).not.toContain('internal error');
    const full = await err('full.err');
    expect(out.THIRD, full).toBe('1');
    expect(full).toMatch(
      new RegExp(`^error: cannot write ${stackDir}/\\S+: no space left on the device \\(ENOSPC\\)$`, 'm'),
    );
    console.log(`${second.trim()}\n${full.trim()}`);
    expect(out.TREE, 'the deployed tree is as it was').toBe('same');
    expect(out.STATE, 'the state file is as it was').toBe('same');
    const status = JSON.parse(await err('status')).components as Status[];
    expect(status.map((c) => [c.name, c.status])).toEqual([
      ['prometheus', 'ready'],
      ['alertmanager', 'ready'],
      ['node_exporter', 'ready'],
    ]);
    status.forEach((c) => c.pid && seen.add(c.pid));
    expect(out.DOWN).toBe('0');
    expect(await marked(stackDir)).toEqual([]);
  }, 150_000);
});
