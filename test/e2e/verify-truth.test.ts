import { spawn, type ChildProcess } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mon, ROOT, tempDir } from '../helpers/cli.js';
import { LINES, requireLine } from '../helpers/lines.js';
import { alive, freePort, freePorts, type Ports, statePids } from '../helpers/stack.js';

/**
 * Verify tells the truth, on both version lines, against a real local stack (Prometheus,
 * Alertmanager, node_exporter, the MyStocks simulator): `mon deploy` repairs live-only drift
 * (reload for a config, restart for flags) and says why; Alertmanager's runtime flags are checked
 * from its process; a healthy stack is green 10 runs in a row, right after a reload, and through
 * two fire drills back to back.
 */
type Check = { id: string; status: string; details?: string };
type Result = { name: string; action: string; reason?: string; pid?: number };

describe.each(LINES)('$name', (line) => {
  let tmp: { path: string; cleanup: () => Promise<void> };
  let ports: Ports;
  let spec: string;
  let stack: string;
  let simulator: ChildProcess;
  let sink: Server;
  let deadman: Server;
  /** the alert names each receiver got */
  const got: Record<string, string[]> = { sink: [], deadman: [] };
  const seen = new Set<number>();
  const run = (args: string[]) =>
    mon([...args, '-f', spec, '--stack-dir', stack, '--json'], { cwd: tmp.path, env: line.env });
  const verify = (args: string[] = []) => run(['verify', ...args]);
  const failing = (stdout: string) => (JSON.parse(stdout).checks as Check[]).filter((c) => c.status === 'fail');
  const deploy = async () => {
    const r = await run(['deploy']);
    expect(r.exitCode, r.stderr).toBe(0);
    (await statePids(stack)).forEach((p) => seen.add(p));
    return JSON.parse(r.stdout).components as Result[];
  };
  const state = async () =>
    JSON.parse(await readFile(join(stack, 'state.json'), 'utf8')) as {
      components: Record<string, { pid: number; binary: string; args: string[] }>;
    };
  const reload = (port: number) => fetch(`http://127.0.0.1:${port}/-/reload`, { method: 'POST' });
  /** Changes a deployed file, reloads the component, and puts the file back: live-only drift. */
  async function liveOnly(file: string, port: number, edit: (text: string) => string) {
    const good = await readFile(file, 'utf8');
    const bad = edit(good);
    expect(bad, 'the edit changes the file').not.toBe(good);
    await writeFile(file, bad);
    expect((await reload(port)).ok, 'the component accepts the edited file').toBe(true);
    await writeFile(file, good);
  }

  beforeAll(async () => {
    requireLine(line);
    tmp = await tempDir('mon-truth-');
    ports = await freePorts();
    const receiver = (name: string) =>
      createServer((req, res) => {
        let body = '';
        req.on('data', (c) => (body += c));
        req.on('end', () => {
          for (const a of (JSON.parse(body) as { alerts: Array<{ labels: Record<string, string> }> }).alerts)
            got[name]!.push(a.labels.alertname!);
          res.writeHead(200).end();
        });
      });
    const sinkPort = await freePort();
    const deadmanPort = await freePort();
    sink = receiver('sink');
    deadman = receiver('deadman');
    await new Promise<void>((r) => sink.listen(sinkPort, '127.0.0.1', () => r()));
    await new Promise<void>((r) => deadman.listen(deadmanPort, '127.0.0.1', () => r()));
    simulator = spawn(
      process.execPath,
      [
        join(ROOT, 'examples/mystocks/simulator.mjs'),
        '--port',
        String(ports.app),
        '--otlp',
        'http://127.0.0.1:1/v1/traces',
      ],
      { stdio: 'ignore' },
    );
    spec = join(tmp.path, 'monitoring.yaml');
    stack = join(tmp.path, 'stack');
    await writeFile(
      spec,
      `apiVersion: mon/v1
project: truth
prometheus: {port: ${ports.prometheus}, scrapeInterval: 1s, evaluationInterval: 1s, externalLabels: {cluster: main}}
alertmanager: {port: ${ports.alertmanager}}
exporters: {node: {port: ${ports.node}}}
services:
  - {name: mystocks-backend, runtime: python, targets: ["127.0.0.1:${ports.app}"], params: {format: [prometheus]}, metricPrefix: mystocks_}
alerts:
  packs: {backend: {service: mystocks-backend}, system: {}}
notifications:
  receivers:
    - {name: sink, webhook: {url: "http://127.0.0.1:${sinkPort}/"}}
    - {name: deadman, webhook: {url: "http://127.0.0.1:${deadmanPort}/"}}
  route: {receiver: sink, groupWait: 1s}
  heartbeat: {receiver: deadman, repeatInterval: 5s}
`,
    );
    await deploy();
    const healthy = await verify(['--wait', '--timeout', '60s']);
    expect(failing(healthy.stdout), 'healthy before any fault').toEqual([]);
  }, 120_000);

  afterAll(async () => {
    (await statePids(stack)).forEach((p) => seen.add(p));
    await mon(['down', '--stack-dir', stack], { env: line.env });
    simulator.kill();
    await new Promise((r) => sink.close(r));
    await new Promise((r) => deadman.close(r));
    const left = [...seen].filter(alive);
    await tmp.cleanup();
    expect(left, 'processes left behind').toEqual([]);
  });

  it('the heartbeat fires, reaches only its receiver, again and again, and verify says so', async () => {
    const r = await verify(['--wait', '--timeout', '60s']);
    const c = Object.fromEntries((JSON.parse(r.stdout).checks as Check[]).map((x) => [x.id, x]));
    expect(c['heartbeat.firing']).toMatchObject({
      status: 'pass',
      details: 'Watchdog firing in Prometheus, active in Alertmanager, routed to deadman only',
    });
    expect(c['heartbeat.delivered']!.status, c['heartbeat.delivered']!.details).toBe('pass');
    expect(c['heartbeat.delivered']!.details).toMatch(
      /^\d+ webhook requests? delivered since the deploy, none to deadman failed$/,
    );
    // repeated every 5s (group_interval = repeat_interval = 5s)
    const before = got.deadman!.length;
    await expect.poll(() => got.deadman!.length, { timeout: 30_000, interval: 500 }).toBeGreaterThanOrEqual(before + 2);
    expect(new Set(got.deadman)).toEqual(new Set(['Watchdog']));
    expect(got.sink).not.toContain('Watchdog');
  }, 90_000);

  it('mon deploy reloads Prometheus and Alertmanager whose live config differs from their unchanged files, saying why', async () => {
    await liveOnly(join(stack, 'config/prometheus/prometheus.yml'), ports.prometheus, (t) =>
      t.replace('cluster: main', 'cluster: other'),
    );
    await liveOnly(join(stack, 'config/alertmanager/alertmanager.yml'), ports.alertmanager, (t) =>
      t.replace('group_wait: 1s', 'group_wait: 7s'),
    );
    const drifted = await verify();
    expect(drifted.exitCode).toBe(5);
    expect(failing(drifted.stdout).map((c) => c.id)).toEqual(['drift.prometheus', 'drift.alertmanager']);

    const results = await deploy();
    const by = Object.fromEntries(results.map((r) => [r.name, r]));
    expect(by.prometheus).toMatchObject({
      action: 'reloaded',
      reason: 'its live config differs from its files: global.external_labels.cluster: live other, generated main',
    });
    expect(by.alertmanager!.action).toBe('reloaded');
    expect(by.alertmanager!.reason).toMatch(/^its live config differs from its files: alertmanager_config_hash is \d+/);
    expect(by.node_exporter!.action).toBe('unchanged');

    const green = await verify();
    expect(failing(green.stdout)).toEqual([]);
    expect(green.exitCode).toBe(0);
    // and once repaired, nothing to do
    expect((await deploy()).filter((r) => r.action !== 'unchanged')).toEqual([]);
  });

  it('Alertmanager running with a wrong flag: drift.alertmanager.flags from its command line; mon deploy restarts it', async () => {
    const am = (await state()).components.alertmanager!;
    process.kill(am.pid, 'SIGTERM');
    while (alive(am.pid)) await new Promise((r) => setTimeout(r, 50));
    // started again by hand in the stack's environment (as a wrapper or an operator would), retention 1h
    const env = { ...process.env, MON_STACK_DIR: stack, MON_COMPONENT: 'alertmanager' };
    const stranger = spawn(am.binary, [...am.args, '--data.retention=1h'], {
      cwd: join(stack, 'config'),
      env,
      stdio: 'ignore',
    });
    seen.add(stranger.pid!);
    await expect
      .poll(
        async () => (await fetch(`http://127.0.0.1:${ports.alertmanager}/-/ready`).catch(() => ({ ok: false }))).ok,
        {
          timeout: 20_000,
        },
      )
      .toBe(true);
    const s = JSON.parse(await readFile(join(stack, 'state.json'), 'utf8'));
    s.components.alertmanager.pid = stranger.pid;
    await writeFile(join(stack, 'state.json'), JSON.stringify(s));

    // a restarted Alertmanager holds the heartbeat again once Prometheus resends it (<= 1m): verify waits for it
    const r = await verify();
    expect(r.exitCode).toBe(5);
    const f = failing(r.stdout);
    expect(f.map((c) => c.id)).toEqual(['drift.alertmanager.flags']);
    expect(f[0]!.details).toContain(`read from /proc/${stranger.pid}/cmdline:`);
    expect(f[0]!.details).toContain('--data.retention: live 1h, generated 120h');

    const results = await deploy();
    const amr = results.find((x) => x.name === 'alertmanager')!;
    expect(amr).toMatchObject({
      action: 'restarted',
      reason: 'its runtime flags differ: --data.retention: live 1h, generated 120h',
    });
    expect(alive(stranger.pid!)).toBe(false);
    const green = await verify(['--wait', '--timeout', '120s']);
    expect(failing(green.stdout)).toEqual([]);
  }, 300_000);

  it('0 red in 10 healthy runs, 0 red right after a reload, 0 red in two fire drills back to back', async () => {
    const reds: string[] = [];
    const count = (label: string, r: { exitCode: number; stdout: string }) => {
      const f = failing(r.stdout);
      if (r.exitCode !== 0 || f.length)
        reds.push(`${label}: exit ${r.exitCode} ${f.map((c) => `${c.id}: ${c.details}`).join('; ')}`);
    };
    for (let i = 1; i <= 10; i++) count(`healthy run ${i}`, await verify());
    await reload(ports.prometheus);
    await reload(ports.alertmanager);
    count('right after a reload', await verify());
    const drills = [];
    for (let i = 1; i <= 2; i++) {
      const r = await verify(['--fire-drill']);
      count(`fire drill ${i}`, r);
      drills.push((JSON.parse(r.stdout).checks as Check[]).find((c) => c.id === 'drill.notification')?.status);
    }
    expect(reds).toEqual([]);
    expect(drills).toEqual(['pass', 'pass']);
  }, 180_000);
});
