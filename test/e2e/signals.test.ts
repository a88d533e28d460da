import { spawn } from 'node:child_process';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MON, mon as run, tempDir } from '../helpers/cli.js';
import { alive, freePorts, stackSpec, statePids } from '../helpers/stack.js';
import { LINES, requireLine } from '../helpers/lines.js';

// Debian's line: its Prometheus takes retention as a flag, so a retention change is a restart
const LINE = LINES[0]!;
requireLine(LINE);
const mon = (args: string[]) => run(args, { env: LINE.env });

/**
 * Ctrl-C (SIGINT) and SIGTERM during `mon deploy`, `mon up`, `mon verify` and a fire drill, with
 * real Prometheus, Alertmanager and node_exporter: mon finishes or undoes the step under way, the
 * state file names exactly the processes that run, `mon down` stops them all, and mon exits 130
 * (SIGINT) or 143 (SIGTERM); 0 only when it had finished before the signal came.
 */
const dirs: Array<{ path: string; cleanup: () => Promise<void> }> = [];
const seen = new Set<number>();

/** Every live process carrying this stack's marker, as /proc shows it. */
async function marked(stackDir: string): Promise<number[]> {
  const out: number[] = [];
  for (const d of await readdir('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    const env = await readFile(`/proc/${d}/environ`, 'utf8').catch(() => '');
    if (env.split('\0').includes(`MON_STACK_DIR=${stackDir}`) && alive(Number(d))) out.push(Number(d));
  }
  return out;
}

async function stack() {
  const dir = await tempDir('mon-signals-');
  dirs.push(dir);
  const p = await freePorts();
  const f = join(dir.path, 'm.yaml');
  await writeFile(f, stackSpec(p));
  const stackDir = join(dir.path, 'stack');
  return { dir, f, stackDir, p };
}

/**
 * Runs mon with `args` and sends `signal` after `when` ms, or once `when()` holds (polled): its
 * exit code, and whether mon deferred the signal to finish a step (it says so on stderr).
 */
async function interrupt(
  args: string[],
  signal: NodeJS.Signals,
  when: number | (() => Promise<boolean>),
): Promise<{ exit: number | null; deferred: boolean; stderr: string }> {
  const child = spawn(process.execPath, [MON, ...args], {
    env: { ...process.env, ...LINE.env, NO_COLOR: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (c) => (stderr += c));
  let done = false;
  const exited = new Promise<number | null>((r) =>
    child.once('exit', (code) => {
      done = true;
      r(code);
    }),
  );
  if (typeof when === 'number') await new Promise((r) => setTimeout(r, when));
  else while (!done && !(await when())) await new Promise((r) => setTimeout(r, 20));
  child.kill(signal); // a no-op when it has finished
  const exit = await exited;
  return { exit, deferred: stderr.includes(`${signal}: finishing the current step`), stderr };
}
const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

const code = (s: NodeJS.Signals) => (s === 'SIGINT' ? 130 : 143);

afterAll(async () => {
  for (const d of dirs) {
    await mon(['down', '--stack-dir', join(d.path, 'stack')]);
    for (const p of await marked(join(d.path, 'stack'))) seen.add(p);
  }
  const left = [...seen].filter(alive);
  for (const d of dirs) await d.cleanup();
  expect(left, 'processes left behind').toEqual([]);
});

describe('signals during deploy, up and verify', () => {
  it('a fresh mon deploy interrupted at several points: undone (or finished), the state true, mon down stops all', async () => {
    const outcomes: string[] = [];
    const journal = (dir: string) => () => exists(join(dir, 'journal.jsonl'));
    for (const [signal, at] of [
      ['SIGINT', 400],
      ['SIGTERM', 'journal'], // as soon as the first component has started
      ['SIGINT', 1600],
      ['SIGTERM', 2500],
    ] as Array<[NodeJS.Signals, number | 'journal']>) {
      const s = await stack();
      const ms = at === 'journal' ? 'first start' : `${at} ms`;
      const { exit, deferred } = await interrupt(
        ['deploy', '-f', s.f, '--stack-dir', s.stackDir],
        signal,
        at === 'journal' ? journal(s.stackDir) : at,
      );
      const running = await marked(s.stackDir);
      running.forEach((x) => seen.add(x));
      const recorded = (await statePids(s.stackDir)).filter(alive);
      outcomes.push(
        `${signal} at ${ms}: exit ${exit}${deferred ? ' (deferred: a step was finished, then undone)' : ''}, ${running.length} running`,
      );
      expect([0, code(signal)], `${signal} at ${ms} ms`).toContain(exit);
      // the state names exactly what runs: an undone deploy leaves nothing running
      expect(new Set(running), `${signal} at ${ms} ms: state and processes`).toEqual(new Set(recorded));
      if (exit === code(signal)) expect(running, `${signal} at ${ms} ms: undone`).toEqual([]);
      else expect(running.length).toBe(3);
      const down = await mon(['down', '--stack-dir', s.stackDir]);
      expect(down.exitCode).toBe(0);
      expect(await marked(s.stackDir), 'mon down stopped everything').toEqual([]);
      // and the next deploy converges
      const again = await mon(['deploy', '-f', s.f, '--stack-dir', s.stackDir]);
      expect(again.exitCode, again.stderr).toBe(0);
      (await statePids(s.stackDir)).forEach((x) => seen.add(x));
      await mon(['down', '--stack-dir', s.stackDir]);
    }
    console.log(outcomes.join('\n'));
    expect(
      outcomes.some((o) => / exit 1(30|43)\b/.test(o)),
      'at least one signal arrived mid-deploy',
    ).toBe(true);
  }, 240_000);

  it('a re-deploy interrupted while Prometheus restarts: that step finished, then all undone or all done, the state true', async () => {
    const s = await stack();
    const first = await mon(['deploy', '-f', s.f, '--stack-dir', s.stackDir]);
    expect(first.exitCode, first.stderr).toBe(0);
    const before = await statePids(s.stackDir);
    before.forEach((x) => seen.add(x));
    const rules = join(s.stackDir, 'config/prometheus/rules/teststack_system_alerts.yml');
    const oldRules = await readFile(rules, 'utf8');
    // a rule change (reload) and a flag change (restart of Prometheus): SIGINT lands between or during them
    const spec = await readFile(s.f, 'utf8');
    await writeFile(
      s.f,
      spec
        .replace('    system: {}', '    system: {thresholds: {memoryPercent: 80}}')
        .replace('  evaluationInterval: 5s', '  evaluationInterval: 5s\n  retention: 2d'),
    );
    // once the restarted Prometheus has started (the journal records it): mon finishes that step
    const { exit, deferred, stderr } = await interrupt(['deploy', '-f', s.f, '--stack-dir', s.stackDir], 'SIGINT', () =>
      exists(join(s.stackDir, 'journal.jsonl')),
    );
    console.log(`re-deploy: exit ${exit}${deferred ? ' (deferred)' : ''}\n${stderr}`);
    expect(exit).toBe(130);
    expect(deferred).toBe(true);
    const running = await marked(s.stackDir);
    running.forEach((x) => seen.add(x));
    expect(new Set(running)).toEqual(new Set((await statePids(s.stackDir)).filter(alive)));
    expect(running.length).toBe(3);
    // the state says how Prometheus runs, and it runs so: the old tree and flags, or the new ones
    const state = JSON.parse(await readFile(join(s.stackDir, 'state.json'), 'utf8'));
    const flags = (await (await fetch(`http://127.0.0.1:${s.p.prometheus}/api/v1/status/flags`)).json()) as {
      data: Record<string, string>;
    };
    const retention = (state.components.prometheus.args as string[])
      .find((a) => a.startsWith('--storage.tsdb.retention.time='))
      ?.split('=')[1];
    expect(flags.data['storage.tsdb.retention.time']).toBe(retention ?? '15d');
    const undone = (await readFile(rules, 'utf8')) === oldRules;
    expect(retention === '2d', 'files and flags agree: both new or both old').toBe(!undone);
    const down = await mon(['down', '--stack-dir', s.stackDir]);
    expect(down.exitCode).toBe(0);
    expect(await marked(s.stackDir)).toEqual([]);
  }, 120_000);

  it('mon verify exits 143 on SIGTERM, and a fire drill interrupted by SIGINT is removed before mon exits 130', async () => {
    const s = await stack();
    const first = await mon(['deploy', '-f', s.f, '--stack-dir', s.stackDir]);
    expect(first.exitCode, first.stderr).toBe(0);
    (await statePids(s.stackDir)).forEach((x) => seen.add(x));
    expect((await interrupt(['verify', '-f', s.f, '--stack-dir', s.stackDir, '--wait'], 'SIGTERM', 1500)).exit).toBe(
      143,
    );
    // the drill is armed within a few seconds (rule loaded, route and sink in place) and waits >= 10 s
    expect(
      (await interrupt(['verify', '-f', s.f, '--stack-dir', s.stackDir, '--fire-drill'], 'SIGINT', 6000)).exit,
    ).toBe(130);
    const groups = (await (await fetch(`http://127.0.0.1:${s.p.prometheus}/api/v1/rules`)).json()) as {
      data: { groups: Array<{ name: string }> };
    };
    expect(groups.data.groups.map((g) => g.name)).not.toContain('mon_fire_drill');
    const after = await mon(['verify', '-f', s.f, '--stack-dir', s.stackDir, '--json']);
    const files = (JSON.parse(after.stdout).checks as Array<{ id: string; status: string }>).find(
      (c) => c.id === 'drift.files',
    );
    expect(files?.status, 'the files are as deployed').toBe('pass');
    const am = (await (await fetch(`http://127.0.0.1:${s.p.alertmanager}/api/v2/status`)).json()) as {
      config: { original: string };
    };
    expect(am.config.original).not.toContain('mon-fire-drill');
  }, 120_000);
});
