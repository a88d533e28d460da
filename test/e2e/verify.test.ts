import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mon, ROOT, tempDir } from '../helpers/cli.js';
import { LINES, requireLine } from '../helpers/lines.js';
import { alive, freePort, freePorts, getJson, type Ports, statePids } from '../helpers/stack.js';

/**
 * `mon verify` against a real local Prometheus + Alertmanager + node_exporter, scraping the
 * MyStocks simulator, with 1s intervals; the stack's only "real" receiver is a webhook this test
 * runs, to prove the fire drill never reaches it.
 */
describe.each(LINES)('$name', (line) => {
  let tmp: { path: string; cleanup: () => Promise<void> };
  let ports: Ports;
  let spec: string;
  let stack: string;
  let simulator: ChildProcess;
  let realReceiver: Server;
  const realAlerts: Array<Record<string, string>> = [];
  const seen = new Set<number>();

  const verify = (args: string[] = []) =>
    mon(['verify', '-f', spec, '--stack-dir', stack, '--json', ...args], { cwd: tmp.path, env: line.env });
  const checks = (stdout: string) =>
    Object.fromEntries(
      (JSON.parse(stdout).checks as Array<{ id: string; status: string; details?: string }>).map((c) => [c.id, c]),
    );

  beforeAll(async () => {
    requireLine(line);
    tmp = await tempDir('mon-verify-');
    ports = await freePorts();
    const receiverPort = await freePort();
    realReceiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        for (const a of (JSON.parse(body) as { alerts: Array<{ labels: Record<string, string> }> }).alerts)
          realAlerts.push(a.labels);
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((r) => realReceiver.listen(receiverPort, '127.0.0.1', () => r()));
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
project: verifytest
prometheus: {port: ${ports.prometheus}, scrapeInterval: 1s, evaluationInterval: 1s}
alertmanager: {port: ${ports.alertmanager}}
exporters: {node: {port: ${ports.node}}}
services:
  - {name: mystocks-backend, runtime: python, targets: ["127.0.0.1:${ports.app}"], params: {format: [prometheus]}, metricPrefix: mystocks_}
alerts:
  packs: {backend: {service: mystocks-backend}, system: {}, business: {service: mystocks-backend}}
notifications:
  receivers: [{name: real, webhook: {url: "http://127.0.0.1:${receiverPort}/"}}]
  route: {receiver: real, groupWait: 1s}
`,
    );
    const r = await mon(['deploy', '-f', spec, '--stack-dir', stack], { cwd: tmp.path, env: line.env });
    expect(r.exitCode, r.stderr).toBe(0);
    (await statePids(stack)).forEach((p) => seen.add(p));
  });

  afterAll(async () => {
    (await statePids(stack)).forEach((p) => seen.add(p));
    await mon(['down', '--stack-dir', stack], { env: line.env });
    simulator.kill();
    await new Promise((r) => realReceiver.close(r));
    const left = [...seen].filter(alive);
    await tmp.cleanup();
    expect(left, 'processes left behind').toEqual([]);
  });

  describe('mon verify against a real local stack', () => {
    it('passes every check on a healthy stack (with --wait), in JSON and JUnit', async () => {
      const junit = join(tmp.path, 'verify.xml');
      const r = await verify(['--wait', '--timeout', '60s', '--junit', junit]);
      const c = checks(r.stdout);
      expect(
        Object.values(c).filter((x) => x.status === 'fail'),
        r.stdout,
      ).toEqual([]);
      expect(r.exitCode).toBe(0);
      for (const id of [
        'prometheus.ready',
        'alertmanager.ready',
        'node_exporter.ready',
        'targets.prometheus',
        'targets.node',
        'targets.mystocks-backend',
        'query.mystocks-backend',
        'metrics.mystocks-backend',
        'rules.files',
        'rules.loaded',
        'prometheus.reload',
        'alertmanager.reload',
        'alertmanager.connected',
        'alertmanager.receivers',
        'drift.files',
        'drift.prometheus',
        'drift.alertmanager',
      ]) {
        expect(c[id]?.status, id).toBe('pass');
      }
      expect(c['rules.loaded']!.details).toBe('3 groups, 16 rules, all evaluated (3)');
      const xml = await readFile(junit, 'utf8');
      expect(xml).toMatch(/<testsuite name="mon verify" tests="\d+" failures="0"/);
    });

    it('runs a fire drill end to end, that real receivers never see, and leaves nothing behind', async () => {
      const before = (await getJson(`http://127.0.0.1:${ports.prometheus}/api/v1/status/config`)).data.yaml;
      const r = await verify(['--fire-drill']);
      const c = checks(r.stdout);
      expect(c['drill.notification']!.status, c['drill.notification']!.details).toBe('pass');
      expect(c['drill.notification']!.details).toMatch(
        /^notified \d+ ms after the drill rule was loaded \(floor 10000 ms/,
      );
      expect(c['drill.cleanup']).toMatchObject({
        status: 'pass',
        details: 'drill rule, route and receiver removed; files as before',
      });
      expect(r.exitCode).toBe(0);
      const groups = (await getJson(`http://127.0.0.1:${ports.prometheus}/api/v1/rules`)).data.groups.map(
        (g: { name: string }) => g.name,
      );
      expect(groups).not.toContain('mon_fire_drill');
      expect((await getJson(`http://127.0.0.1:${ports.prometheus}/api/v1/status/config`)).data.yaml).toBe(before);
      await new Promise((res) => setTimeout(res, 3000)); // past the real route's group_wait
      expect(realAlerts.filter((l) => l.mon_drill)).toEqual([]);
    });

    it('reports a config changed on disk as drift (exit 5), and the live config after a reload', async () => {
      const file = join(stack, 'config/prometheus/prometheus.yml');
      const good = await readFile(file, 'utf8');
      // the drill's last reload leaves Prometheus without its Alertmanager until service discovery
      // hands it back (2.42: up to 5 s, the discovery manager's update interval): wait for it, so
      // that drift is the only failure
      for (
        let i = 0;
        i < 100 &&
        !(await getJson(`http://127.0.0.1:${ports.prometheus}/api/v1/alertmanagers`)).data.activeAlertmanagers.length;
        i++
      )
        await new Promise((res) => setTimeout(res, 100));
      await writeFile(
        file,
        good.replace('scrape_interval: 1s\n  scrape_timeout', 'scrape_interval: 2s\n  scrape_timeout'),
      );
      let r = await verify();
      expect(r.exitCode, r.stdout).toBe(5);
      expect(checks(r.stdout)['drift.files']).toMatchObject({
        status: 'fail',
        details: '1 files differ from the spec (run `mon deploy` to apply it):\nchanged   prometheus/prometheus.yml',
      });
      await fetch(`http://127.0.0.1:${ports.prometheus}/-/reload`, { method: 'POST' });
      r = await verify();
      expect(checks(r.stdout)['drift.prometheus']!.details).toContain('global.scrape_interval: live 2s, generated 1s');
      await writeFile(file, good);
      await fetch(`http://127.0.0.1:${ports.prometheus}/-/reload`, { method: 'POST' });
      r = await verify(['--wait', '--timeout', '20s']);
      expect(r.exitCode, r.stdout).toBe(0);
    });

    it('catches an unreadable rules file (the permission problem of the verification report)', async () => {
      const file = join(stack, 'config/prometheus/rules/verifytest_system_alerts.yml');
      await chmod(file, 0o000);
      const r = await verify();
      await chmod(file, 0o644);
      expect(r.exitCode).toBe(4);
      expect(checks(r.stdout)['rules.files']!.details).toBe(
        `${file}: not readable (mode 000)\nPrometheus cannot load these rules: fix the file permissions (chmod 644) and run mon deploy`,
      );
    });

    it('fails naming node_exporter when it is killed, in the table too', async () => {
      const state = JSON.parse(await readFile(join(stack, 'state.json'), 'utf8'));
      process.kill(state.components.node_exporter.pid, 'SIGKILL');
      const r = await verify(['--wait', '--timeout', '4s']);
      expect(r.exitCode).toBe(4);
      const c = checks(r.stdout);
      expect(c['node_exporter.ready']!.details).toBe(`http://127.0.0.1:${ports.node}/metrics: connection refused`);
      expect(c['targets.node']!.details).toMatch(
        new RegExp(`^http://127\\.0\\.0\\.1:${ports.node}/metrics is down: .*connection refused`),
      );
      const table = await mon(['verify', '-f', spec, '--stack-dir', stack], { cwd: tmp.path, env: line.env });
      expect(table.stdout).toMatch(/FAIL node_exporter\.ready +http:\/\/127\.0\.0\.1:\d+\/metrics: connection refused/);
      expect(table.exitCode).toBe(4);
      const redeploy = await mon(['deploy', '-f', spec, '--stack-dir', stack], { cwd: tmp.path, env: line.env });
      expect(redeploy.exitCode).toBe(0);
      (await statePids(stack)).forEach((p) => seen.add(p));
    });
  });
});
