import { spawn, type ChildProcess } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mon, ROOT, tempDir } from '../helpers/cli.js';
import { alive, freePort, freePorts, getJson, type Ports, statePids } from '../helpers/stack.js';

/**
 * The fault catalogue: each fault injected into a real local stack (Prometheus, Alertmanager,
 * node_exporter, the MyStocks simulator as backend), each caught by `mon verify` as a failing
 * check naming the component, exit 4 (5 when only drift fails); then repaired and green again.
 * The faults are the ones a session found verify blind to: live-only changes of external labels,
 * relabelling, a rule threshold, a webhook URL, an inhibit rule's `equal`, a restart with other
 * flags, a metric dropped so an alert can never fire, notifications that fail to deliver.
 */
let tmp: { path: string; cleanup: () => Promise<void> };
let ports: Ports;
let spec: string;
let stack: string;
let simulator: ChildProcess;
let sink: Server;
let sinkPort: number;
const seen = new Set<number>();

const verify = (args: string[] = []) =>
  mon(['verify', '-f', spec, '--stack-dir', stack, '--json', ...args], { cwd: tmp.path });
type Check = { id: string; status: string; details?: string };
const failing = (stdout: string) => (JSON.parse(stdout).checks as Check[]).filter((c) => c.status === 'fail');
const config = (c: string, file: string) => join(stack, 'config', c, file);
const reload = (port: number) => fetch(`http://127.0.0.1:${port}/-/reload`, { method: 'POST' });

/** Changes a deployed file, reloads the component, then puts the file back without reloading: live-only drift. */
async function liveOnly(file: string, port: number, edit: (text: string) => string) {
  const good = await readFile(file, 'utf8');
  const bad = edit(good);
  expect(bad, 'the edit changes the file').not.toBe(good);
  await writeFile(file, bad);
  const loaded = await reload(port);
  await writeFile(file, good);
  expect(loaded.ok, 'the component accepts the edited file').toBe(true);
  return async () => {
    expect((await reload(port)).ok).toBe(true);
  };
}

beforeAll(async () => {
  tmp = await tempDir('mon-faults-');
  ports = await freePorts();
  sinkPort = await freePort();
  sink = createServer((req, res) => req.resume().on('end', () => res.writeHead(200).end()));
  await new Promise<void>((r) => sink.listen(sinkPort, '127.0.0.1', () => r()));
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
project: faults
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
    - {name: broken, webhook: {url: "http://127.0.0.1:1/unreachable"}}
  route:
    receiver: sink
    groupWait: 1s
    routes: [{matchers: ['fault="notify"'], receiver: broken, groupWait: 0s}]
`,
  );
  const r = await mon(['deploy', '-f', spec, '--stack-dir', stack], { cwd: tmp.path });
  expect(r.exitCode, r.stderr).toBe(0);
  (await statePids(stack)).forEach((p) => seen.add(p));
  const healthy = await verify(['--wait', '--timeout', '60s']);
  expect(failing(healthy.stdout), 'healthy before any fault').toEqual([]);
}, 120_000);

afterAll(async () => {
  (await statePids(stack)).forEach((p) => seen.add(p));
  await mon(['down', '--stack-dir', stack]);
  simulator.kill();
  await new Promise((r) => sink.close(r));
  const left = [...seen].filter(alive);
  await tmp.cleanup();
  expect(left, 'processes left behind').toEqual([]);
});

describe('mon verify catches every fault of the catalogue', () => {
  it('an external label changed live: drift.prometheus, exit 5', async () => {
    const restore = await liveOnly(config('prometheus', 'prometheus.yml'), ports.prometheus, (t) =>
      t.replace('cluster: main', 'cluster: other'),
    );
    const r = await verify();
    await restore();
    expect(r.exitCode, JSON.stringify(failing(r.stdout).map((c) => [c.id, c.details?.slice(0, 300)]))).toBe(5);
    expect(failing(r.stdout).map((c) => c.id)).toEqual(['drift.prometheus']);
    expect(failing(r.stdout)[0]!.details).toContain('global.external_labels.cluster: live other, generated main');
  });

  it('relabelling added live: drift.prometheus', async () => {
    const relabel = '    relabel_configs:\n      - {target_label: team, replacement: x}\n';
    const restore = await liveOnly(config('prometheus', 'prometheus.yml'), ports.prometheus, (t) =>
      t.replace(/(- job_name: mystocks-backend\n)/, `$1${relabel}`),
    );
    const r = await verify();
    await restore();
    expect(r.exitCode, JSON.stringify(failing(r.stdout).map((c) => [c.id, c.details?.slice(0, 300)]))).toBe(5);
    expect(failing(r.stdout)[0]!.details).toContain('scrape_configs[job_name=mystocks-backend].relabel_configs: live');
  });

  it('a rule threshold changed live: drift.rules names the rule and both expressions', async () => {
    const restore = await liveOnly(config('prometheus', 'rules/faults_backend_alerts.yml'), ports.prometheus, (t) =>
      t.replace('> 1073741824', '> 9073741824'),
    );
    const r = await verify();
    await restore();
    expect(r.exitCode, JSON.stringify(failing(r.stdout).map((c) => [c.id, c.details?.slice(0, 300)]))).toBe(5);
    const d = failing(r.stdout).find((c) => c.id === 'drift.rules')!;
    expect(d.details).toContain('faults_backend_alerts/BackendHighMemoryUsage: expression live');
    expect(d.details).toContain('generated process_resident_memory_bytes{job="mystocks-backend"} > 1073741824');
  });

  it('a webhook URL changed live: drift.alertmanager (by the hash of the file Alertmanager loaded)', async () => {
    const restore = await liveOnly(config('alertmanager', 'alertmanager.yml'), ports.alertmanager, (t) =>
      t.replace(`127.0.0.1:${sinkPort}/`, `127.0.0.1:${sinkPort}/other`),
    );
    const r = await verify();
    await restore();
    expect(r.exitCode, JSON.stringify(failing(r.stdout).map((c) => [c.id, c.details?.slice(0, 300)]))).toBe(5);
    expect(failing(r.stdout).map((c) => c.id)).toEqual(['drift.alertmanager']);
    expect(failing(r.stdout)[0]!.details).toContain('Alertmanager runs another configuration');
  });

  it("an inhibit rule's equal changed live: drift.alertmanager", async () => {
    const restore = await liveOnly(config('alertmanager', 'alertmanager.yml'), ports.alertmanager, (t) =>
      t.replace(/(equal:\n\s+- alertname\n)\s+- instance\n/, '$1'),
    );
    const r = await verify();
    await restore();
    expect(r.exitCode, JSON.stringify(failing(r.stdout).map((c) => [c.id, c.details?.slice(0, 300)]))).toBe(5);
    expect(failing(r.stdout)[0]!.details).toMatch(
      /inhibit_rules\[0\]\.equal: live \["alertname"\], generated \["alertname","instance"\]/,
    );
  });

  it('Prometheus restarted by hand with other flags: drift.flags', async () => {
    const state = JSON.parse(await readFile(join(stack, 'state.json'), 'utf8')) as {
      components: { prometheus: { pid: number; binary: string; args: string[] } };
    };
    const p = state.components.prometheus;
    process.kill(p.pid, 'SIGTERM');
    while (alive(p.pid)) await new Promise((r) => setTimeout(r, 50));
    // by hand, without the lifecycle API mon reloads through (a flag on both version lines; 3.x keeps retention in the file)
    const args = p.args.filter((a) => a !== '--web.enable-lifecycle');
    const stranger = spawn(p.binary, args, { cwd: join(stack, 'config'), stdio: 'ignore' });
    try {
      await expect
        .poll(
          async () => (await fetch(`http://127.0.0.1:${ports.prometheus}/-/ready`).catch(() => ({ ok: false }))).ok,
          { timeout: 20_000 },
        )
        .toBe(true);
      const r = await verify();
      expect(failing(r.stdout).map((c) => c.id)).toContain('drift.flags');
      expect(failing(r.stdout).find((c) => c.id === 'drift.flags')!.details).toContain(
        '--web.enable-lifecycle: live false, generated true',
      );
    } finally {
      stranger.kill();
      await new Promise((r) => stranger.once('exit', r));
      // mon deploy puts its own Prometheus back, whatever the assertions above said
      const again = await mon(['deploy', '-f', spec, '--stack-dir', stack], { cwd: tmp.path });
      expect(again.exitCode, again.stderr).toBe(0);
    }
    (await statePids(stack)).forEach((x) => seen.add(x));
    const green = await verify(['--wait', '--timeout', '60s']);
    expect(failing(green.stdout)).toEqual([]);
  });

  it('a metric dropped by relabelling: the rules that read it can never fire (series.<group>, exit 4)', async () => {
    const drop =
      '    metric_relabel_configs:\n      - {source_labels: [__name__], regex: process_resident_memory_bytes, action: drop}\n';
    const file = config('prometheus', 'prometheus.yml');
    const good = await readFile(file, 'utf8');
    await writeFile(file, good.replace(/(- job_name: mystocks-backend\n)/, `$1${drop}`));
    await reload(ports.prometheus);
    // the next scrapes mark the dropped series stale (a 1s interval): then it has no series
    await new Promise((res) => setTimeout(res, 3000));
    const r = await verify();
    await writeFile(file, good);
    await reload(ports.prometheus);
    expect(r.exitCode).toBe(4);
    const s = failing(r.stdout).find((c) => c.id === 'series.faults_backend_alerts');
    expect(s?.details).toContain(
      'BackendHighMemoryUsage can never fire: no series for process_resident_memory_bytes{job="mystocks-backend"}',
    );
  });

  it('a healthy stack is green, again and again, right after reloads', async () => {
    for (let i = 0; i < 3; i++) {
      await reload(ports.prometheus);
      await reload(ports.alertmanager);
      const r = await verify();
      expect(failing(r.stdout), `run ${i + 1} right after a reload`).toEqual([]);
      expect(r.exitCode).toBe(0);
    }
  });
  it('mon notify test sends one alert to one receiver through a temporary route, and cleans up', async () => {
    const good = await mon(['notify', 'test', 'sink', '-f', spec, '--stack-dir', stack, '--json'], { cwd: tmp.path });
    expect(good.exitCode, good.stdout).toBe(0);
    expect(JSON.parse(good.stdout).checks[0]).toMatchObject({ id: 'notify.sink', status: 'pass' });
    const bad = await mon(['notify', 'test', 'broken', '-f', spec, '--stack-dir', stack, '--json'], { cwd: tmp.path });
    expect(bad.exitCode).toBe(4);
    expect(JSON.parse(bad.stdout).checks[0].details).toContain('broken: ');
    const unknown = await mon(['notify', 'test', 'nobody', '-f', spec, '--stack-dir', stack], { cwd: tmp.path });
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain('error: no receiver "nobody" in');
    const files = await mon(['verify', '-f', spec, '--stack-dir', stack, '--json'], { cwd: tmp.path });
    expect((JSON.parse(files.stdout).checks as Check[]).find((c) => c.id === 'drift.files')?.status).toBe('pass');
  });

  it("notifications that fail to deliver: alertmanager.notifications, with Alertmanager's error", async () => {
    const now = new Date().toISOString();
    const alert = [{ labels: { alertname: 'FaultNotify', fault: 'notify', severity: 'warning' }, startsAt: now }];
    const posted = await fetch(`http://127.0.0.1:${ports.alertmanager}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(alert),
    });
    expect(posted.ok).toBe(true);
    await expect
      .poll(
        async () => failing((await verify()).stdout).find((c) => c.id === 'alertmanager.notifications')?.details ?? '',
        { timeout: 30_000, interval: 1000 },
      )
      .toMatch(/delivery attempts failed since the deploy .*webhook.*\n.*alertmanager: broken\/webhook\[0\]/s);
  });
});

describe('nothing deployed, or a component the spec asks for missing, is red', () => {
  it('mon deploy without Prometheus installed exits 3 saying what to install, and changes nothing', async () => {
    const dir = await tempDir('mon-core-');
    const p = await freePorts();
    const f = join(dir.path, 'm.yaml');
    await writeFile(
      f,
      `apiVersion: mon/v1\nproject: core\nprometheus: {port: ${p.prometheus}}\nalertmanager: {port: ${p.alertmanager}}\nexporters: {node: {port: ${p.node}}}\nservices: [{name: api, targets: ["127.0.0.1:${p.app}"]}]\n`,
    );
    const r = await mon(['deploy', '-f', f, '--stack-dir', join(dir.path, 'stack')], {
      env: { MON_PROMETHEUS: '/nonexistent/prometheus' },
    });
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain('error: prometheus is not installed: the stack cannot run without it');
    expect(r.stderr).toContain('MON_PROMETHEUS=/nonexistent/prometheus is not an executable file');
    const v = await mon(['verify', '-f', f, '--stack-dir', join(dir.path, 'stack')]);
    expect(v.exitCode).toBe(1);
    expect(v.stderr).toContain('error: nothing is deployed in');
    await dir.cleanup();
  });

  it('a component whose binary is missing fails its checks, unless the spec declares it optional (then skipped and counted)', async () => {
    const dir = await tempDir('mon-optional-');
    const p = await freePorts();
    const f = join(dir.path, 'm.yaml');
    const base = `apiVersion: mon/v1\nproject: opt\nprometheus: {port: ${p.prometheus}}\nalertmanager: {port: ${p.alertmanager}}\nexporters: {node: {port: ${p.node}}}\nservices: [{name: api, targets: ["127.0.0.1:${p.app}"]}]\ntempo: {ports: {http: ${await freePort()}}}\nalerts: {packs: {tracing: {}}}\n`;
    const env = { MON_TEMPO: '/nonexistent/tempo' };
    const stackDir = join(dir.path, 'stack');
    const app = spawn(
      process.execPath,
      [
        join(ROOT, 'examples/mystocks/simulator.mjs'),
        '--port',
        String(p.app),
        '--otlp',
        'http://127.0.0.1:1/v1/traces',
      ],
      { stdio: 'ignore' },
    );
    try {
      await writeFile(f, base);
      expect((await mon(['deploy', '-f', f, '--stack-dir', stackDir], { env })).exitCode).toBe(0);
      (await statePids(stackDir)).forEach((x) => seen.add(x));
      const red = await mon(['verify', '-f', f, '--stack-dir', stackDir, '--json']);
      expect(red.exitCode).toBe(4);
      const t = failing(red.stdout).find((c) => c.id === 'tempo.ready')!;
      expect(t.details).toContain(
        'tempo is not running: not deployed: MON_TEMPO=/nonexistent/tempo is not an executable file',
      );
      expect(t.details).toContain('declare it optional in the spec (deploy: {optional: [tempo]})');
      await writeFile(f, `${base}deploy: {optional: [tempo]}\n`);
      expect((await mon(['deploy', '-f', f, '--stack-dir', stackDir], { env })).exitCode).toBe(0);
      const ok = await mon(['verify', '-f', f, '--stack-dir', stackDir, '--wait', '--timeout', '60s']);
      expect(
        ok.exitCode,
        ok.stdout
          .split('\n')
          .filter((l) => l.startsWith('FAIL') || l.startsWith('  '))
          .join('\n'),
      ).toBe(0);
      expect(ok.stderr).toMatch(/\d+ passed, 0 failed, \d+ skipped/);
      expect(ok.stderr).toMatch(/skipped: tempo: not deployed: .* \(optional: deploy\.optional\) \(\d+ checks\)/);
      // its alerts (TempoDown and the others that read only Tempo's job or metrics) are silenced in Alertmanager
      const silences = await getJson<Array<{ createdBy: string; status: { state: string }; comment: string }>>(
        `http://127.0.0.1:${p.alertmanager}/api/v2/silences`,
      );
      expect(
        silences.filter((s) => s.createdBy === 'mon' && s.status.state === 'active').map((s) => s.comment),
      ).toEqual(['mon: tempo is optional (deploy.optional) and not deployed here']);
    } finally {
      app.kill();
      await mon(['down', '-f', f, '--stack-dir', stackDir]);
      await dir.cleanup();
    }
  }, 150_000);
});
